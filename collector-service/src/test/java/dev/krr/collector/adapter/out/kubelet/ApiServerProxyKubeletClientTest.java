package dev.krr.collector.adapter.out.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer.Container;
import dev.krr.collector.adapter.out.kubelet.RecordingConsumer.Sample;
import dev.krr.collector.domain.KubeletEndpoint;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API-server-proxy client against fabric8's mock API server, and against the kubelet fleet
 * emulator standing in for the API server's proxy path.
 *
 * <p>The mock server runs in expectation mode, not CRUD: the node proxy is not a stored resource
 * (CRUD mode answers {@code /api/v1/nodes/n1/proxy/...} with 404), so each test states what the
 * API server answers on that path, and the recorded requests show what the client sent.
 */
class ApiServerProxyKubeletClientTest {

    private static final long NOW = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
    private static final String PATH = "/api/v1/nodes/n1/proxy/metrics/resource";

    private KubernetesMockServer server;
    private KubernetesClient kubernetes;
    private ApiServerProxyKubeletClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient mock = server.createClient();
        kubernetes = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(mock.getConfiguration()).withOauthToken("kubeconfig-token").build()).build();
        mock.close();
        client = new ApiServerProxyKubeletClient(kubernetes, Duration.ofSeconds(10), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        client.close();
        kubernetes.close();
        server.destroy();
    }

    @Test
    void scrapesThroughTheNodeProxyWithTheKubeconfigCredentials() throws Exception {
        List<Container> containers = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // ~90 KB: the body arrives in many chunks
            containers.add(Container.steady("team-" + i % 7, "pod-" + i, "app", NOW - 60_000, 0.25 * (i % 5), 1e6 * i));
        }
        server.expect().get().withPath(PATH).andReturn(200, KubeletFleetServer.render(containers, NOW, false)).always();
        RecordingConsumer consumer = new RecordingConsumer();

        ResourceMetricsParser.Result result = client.scrape(new KubeletEndpoint("n1", null, 0), consumer);

        assertThat(result.samplesAccepted()).isEqualTo(400);
        assertThat(result.badLines()).isZero();
        // pod-8: 0.25 x (8 mod 5) = 0.75 cores for 60 s = 45 core-seconds
        assertThat(consumer.find("cpu", "pod-8", "app")).isEqualTo(new Sample("cpu", "team-1", "pod-8", "app", NOW, 45));
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getPath()).isEqualTo(PATH);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer kubeconfig-token");
        assertThat(request.getHeader("Accept")).isEqualTo("text/plain;version=0.0.4");
    }

    @Test
    void readsTheCfsCountersThroughTheNodeProxysCadvisorPath(@TempDir Path dir) {
        try (KubeletFleetServer fleet = KubeletFleetServer.builder().clock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))
                .node("worker-a").bearerToken("fleet-token").start()) {
            fleet.node("worker-a").add(Container.steady("ns", "p", "limited", NOW - 60_000, 1, 5e8))
                    .quota("ns", "p", "limited", KubeletFleetServer.Cfs.steady(NOW - 60_000, 10, 2, 0.1))
                    .add(Container.steady("ns", "p", "unlimited", NOW - 60_000, 1, 5e8));
            Path ca = fleet.writeCaCertificate(dir.resolve("ca.crt"));
            try (KubernetesClient viaFleet = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(fleet.proxyUrl())
                    .withCaCertFile(ca.toString()).withOauthToken("fleet-token").build()).build();
                 ApiServerProxyKubeletClient proxy = new ApiServerProxyKubeletClient(viaFleet, Duration.ofSeconds(10), Clock.systemUTC())) {
                List<String> seen = new ArrayList<>();
                ResourceMetricsParser.Result result = proxy.scrapeCadvisor(new KubeletEndpoint("worker-a", null, 0),
                        (namespace, pod, container, family, timestampMillis, value) -> seen.add(container + " " + family + " " + value));

                assertThat(result.samplesAccepted()).isEqualTo(3);
                assertThat(seen).containsExactly("limited container_cpu_cfs_periods_total 600.0",
                        "limited container_cpu_cfs_throttled_periods_total 120.0", "limited container_cpu_cfs_throttled_seconds_total 6.0");
                assertThat(fleet.node("worker-a").cadvisorRequests()).isEqualTo(1);
                assertThat(fleet.node("worker-a").requests()).isZero();
            }
        }
    }

    @Test
    void forbiddenCadvisorNamesItsProxyPath() {
        String cadvisor = "/api/v1/nodes/n1/proxy/metrics/cadvisor";
        server.expect().get().withPath(cadvisor).andReturn(403, "forbidden").always();

        assertThatThrownBy(() -> client.scrapeCadvisor(new KubeletEndpoint("n1", null, 0), (n, p, c, f, t, v) -> { }))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).startsWith("API server proxy to the kubelet on node n1 refused " + cadvisor + " (403)");
                });
    }

    @Test
    void forbiddenNamesNodesProxy() {
        server.expect().get().withPath(PATH).andReturn(403, "{\"kind\":\"Status\",\"message\":\"nodes \\\"n1\\\" is forbidden\"}").always();

        assertThatThrownBy(() -> client.scrape(new KubeletEndpoint("n1", "10.0.0.1", 10250), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.node()).isEqualTo("n1");
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).startsWith("API server proxy to the kubelet on node n1 refused " + PATH + " (403)")
                            .endsWith("the collector's service account needs `get` on `nodes/proxy`");
                });
    }

    @Test
    void anUnreachableNodeIsTransientAndNotRetriedByFabric8() {
        // fabric8 would retry a 503 with backoff and then see the 200; the scrape loop owns retries
        server.expect().get().withPath(PATH).andReturn(503, "error trying to reach service: dial tcp 10.0.0.1:10250: i/o timeout").once();
        server.expect().get().withPath(PATH).andReturn(200, KubeletFleetServer.render(List.of(), NOW, false)).once();

        assertThatThrownBy(() -> client.scrape(new KubeletEndpoint("n1", null, 0), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).contains("(503) ('error trying to reach service: dial tcp 10.0.0.1:10250: i/o timeout')");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anUnknownNodeIsPermanent() {
        assertThatThrownBy(() -> client.scrape(new KubeletEndpoint("n1", null, 0), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("has no " + PATH + " (404)");
                });
    }

    @Test
    void theFleetAnswersTheProxyPathOverTlsWithItsToken(@TempDir Path dir) {
        try (KubeletFleetServer fleet = KubeletFleetServer.builder().clock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))
                .node("worker-a").node("worker-b").bearerToken("fleet-token").start()) {
            fleet.node("worker-b").add(Container.steady("ns", "p", "c", NOW - 10_000, 2, 5e8));
            Path ca = fleet.writeCaCertificate(dir.resolve("ca.crt"));
            try (KubernetesClient viaFleet = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(fleet.proxyUrl())
                    .withCaCertFile(ca.toString()).withOauthToken("fleet-token").build()).build();
                 ApiServerProxyKubeletClient proxy = new ApiServerProxyKubeletClient(viaFleet, Duration.ofSeconds(10), Clock.systemUTC())) {
                RecordingConsumer consumer = new RecordingConsumer();
                assertThat(proxy.scrape(new KubeletEndpoint("worker-b", null, 0), consumer).samplesAccepted()).isEqualTo(2);
                assertThat(consumer.find("cpu", "p", "c").value()).isEqualTo(20); // 2 cores for 10 s
                assertThat(fleet.node("worker-b").requests()).isEqualTo(1);
                assertThat(fleet.node("worker-a").requests()).isZero();

                // stuck mid-answer: the CPU half arrives, then nothing for 2 s; after the timeout the working-set half
                // that finally arrives must reach no one
                fleet.node("worker-a").add(Container.steady("ns", "q", "c", NOW - 10_000, 1, 2e8)).stallMidBody(Duration.ofSeconds(2));
                try (ApiServerProxyKubeletClient impatient = new ApiServerProxyKubeletClient(viaFleet, Duration.ofMillis(500), Clock.systemUTC())) {
                    RecordingConsumer late = new RecordingConsumer();
                    assertThatThrownBy(() -> impatient.scrape(new KubeletEndpoint("worker-a", null, 0), late))
                            .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                                assertThat(e.permanent()).isFalse();
                                assertThat(e.getMessage()).contains("did not answer within 500 ms");
                            });
                    int atTimeout = late.samples.size();
                    org.awaitility.Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                            .until(() -> late.samples.size() == atTimeout);
                    assertThat(late.samples).extracting(RecordingConsumer.Sample::family).doesNotContain("memory");
                }

                fleet.requireToken("rotated-elsewhere");
                assertThatThrownBy(() -> proxy.scrape(new KubeletEndpoint("worker-b", null, 0), new RecordingConsumer()))
                        .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                            assertThat(e.permanent()).isTrue();
                            assertThat(e.getMessage()).contains("(401)").endsWith("log in again or check the context");
                        });
            }
        }
    }
}
