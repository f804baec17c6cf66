package dev.krr.collector.adapter.out.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.collector.adapter.out.kubelet.DirectKubeletClient.Settings;
import dev.krr.collector.adapter.out.kubelet.RecordingConsumer.Sample;
import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer.Container;
import dev.krr.collector.domain.KubeletEndpoint;
import dev.krr.testsupport.FreePorts;
import dev.krr.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The direct client against the kubelet fleet emulator over real TLS on loopback. */
class DirectKubeletClientTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.302Z");
    private static final String TOKEN = "collector-token-1";

    @TempDir
    Path dir;
    private KubeletFleetServer fleet;
    private Path ca;
    private Path token;

    @BeforeEach
    void start() throws IOException {
        fleet = KubeletFleetServer.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).nodes(12).bearerToken(TOKEN).start();
        for (KubeletFleetServer.Node node : fleet.nodes()) {
            node.add(Container.steady("shop", node.name() + "-web", "web", NOW.toEpochMilli() - 100_000, 0.5, 300 << 20));
            node.add(Container.steady("shop", node.name() + "-web", "istio-proxy", NOW.toEpochMilli() - 100_000, 0.01, 40 << 20));
        }
        ca = fleet.writeCaCertificate(dir.resolve("ca.crt"));
        token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private DirectKubeletClient client(Path caFile, boolean insecure, Duration timeout) {
        return new DirectKubeletClient(new Settings("https", token, caFile, insecure, timeout), Clock.systemUTC());
    }

    @Test
    void aTrustedKubeletIsScrapedWithItsOwnTimestamps() {
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(10));
        RecordingConsumer consumer = new RecordingConsumer();

        ResourceMetricsParser.Result result = client.scrape(fleet.node("node-3").endpoint(), consumer);

        assertThat(result).isEqualTo(new ResourceMetricsParser.Result(4, 0, 0, null, null));
        // 0.5 cores for the 100 s since the container started = 50 core-seconds, at the kubelet's timestamp
        assertThat(consumer.find("cpu", "node-3-web", "web")).isEqualTo(new Sample("cpu", "shop", "node-3-web", "web", NOW.toEpochMilli(), 50));
        assertThat(consumer.find("memory", "node-3-web", "istio-proxy").value()).isEqualTo(40 << 20);
        assertThat(fleet.node("node-3").requests()).isEqualTo(1);
        assertThat(fleet.node("node-4").requests()).isZero();
    }

    @Test
    void nodesScrapedConcurrentlyEachGetTheirOwnContainers() throws Exception {
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(20));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RecordingConsumer>> scrapes = new ArrayList<>();
            for (KubeletFleetServer.Node node : fleet.nodes()) {
                scrapes.add(pool.submit(() -> {
                    RecordingConsumer consumer = new RecordingConsumer();
                    client.scrape(node.endpoint(), consumer);
                    return consumer;
                }));
            }
            List<KubeletFleetServer.Node> nodes = List.copyOf(fleet.nodes());
            for (int i = 0; i < nodes.size(); i++) {
                assertThat(scrapes.get(i).get().samples).extracting(Sample::pod).containsOnly(nodes.get(i).name() + "-web").hasSize(4);
                assertThat(nodes.get(i).requests()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUntrustedCertificateIsPermanentAndSaysHowToFixIt() {
        Path otherCa = TestCertificates.authority("some other CA").writeCertificate(dir.resolve("other.crt"));
        DirectKubeletClient client = client(otherCa, false, Duration.ofSeconds(10));

        assertThatThrownBy(() -> client.scrape(fleet.node("node-0").endpoint(), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.node()).isEqualTo("node-0");
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).startsWith("kubelet on node node-0 at https://127.0.0.2:" + fleet.port()
                                    + "/metrics/resource presented a certificate that is not trusted (")
                            .endsWith("set krr.collector.kubelet.ca-file to the CA that signs kubelet serving certificates,"
                                    + " or krr.collector.kubelet.insecure-skip-tls-verify=true (as metrics-server's --kubelet-insecure-tls)");
                });
        assertThat(fleet.node("node-0").requests()).isZero();
    }

    @Test
    void skippingVerificationTrustsAnyCertificateAndHostName() {
        DirectKubeletClient client = client(null, true, Duration.ofSeconds(10));
        assertThat(client.scrape(fleet.node("node-11").endpoint(), new RecordingConsumer()).samplesAccepted()).isEqualTo(4);
        // the JVM's default trust store does not know the fleet's CA
        DirectKubeletClient strict = client(null, false, Duration.ofSeconds(10));
        assertThatThrownBy(() -> strict.scrape(fleet.node("node-11").endpoint(), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> assertThat(e.permanent()).isTrue());
    }

    @Test
    void aWrongTokenIsA401ThatNamesTheTokenFile() throws IOException {
        Files.writeString(token, "stolen-token");
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(10));

        assertThatThrownBy(() -> client.scrape(fleet.node("node-1").endpoint(), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("kubelet on node node-1 rejected the collector's credentials for /metrics/resource"
                            + " (401) ('Unauthorized'): the token in " + token + " was not accepted: it must be a token of this cluster"
                            + " and the kubelet must run with webhook authentication");
                });
    }

    @Test
    void aMissingTokenFileSendsNoTokenAndThe401SaysSo() throws IOException {
        Files.delete(token);
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(10));

        assertThatThrownBy(() -> client.scrape(fleet.node("node-1").endpoint(), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("(401)").endsWith("no bearer token was sent (" + token
                            + " does not exist or is empty): mount the service-account token or set krr.collector.kubelet.bearer-token-file");
                });
    }

    @Test
    void aRotatedTokenIsPickedUpAtTheNextScrape() throws IOException {
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(10));
        KubeletEndpoint node = fleet.node("node-2").endpoint();
        assertThat(client.scrape(node, new RecordingConsumer()).samplesAccepted()).isEqualTo(4);

        // the kubelet rotates projected tokens by swapping the file atomically; the old token stops working
        Path fresh = Files.writeString(dir.resolve("token.new"), "collector-token-2-rotated");
        Files.move(fresh, token, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fleet.requireToken("collector-token-2-rotated");

        assertThat(client.scrape(node, new RecordingConsumer()).samplesAccepted()).isEqualTo(4);
        assertThat(fleet.node("node-2").requests()).isEqualTo(2);
    }

    @Test
    void forbiddenNamesTheRbacTheServiceAccountNeeds() {
        fleet.node("node-5").failWith(403);
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(10));

        assertThatThrownBy(() -> client.scrape(fleet.node("node-5").endpoint(), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("kubelet on node node-5 refused /metrics/resource (403) ('Forbidden"
                            + " (user=system:serviceaccount:krr:krr-collector, verb=get, resource=nodes, subresource=metrics)'):"
                            + " the collector's service account needs `get` on `nodes/metrics`");
                });
    }

    @Test
    void serverErrorsAndThrottlingAreTransientNotFoundIsPermanent() {
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(10));
        fleet.node("node-6").failWith(500);
        assertThatThrownBy(() -> client.scrape(fleet.node("node-6").endpoint(), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).startsWith("kubelet on node node-6 failed /metrics/resource (500)")
                            .endsWith(": retrying at the next scrape");
                });
        fleet.node("node-6").failWith(429);
        assertThatThrownBy(() -> client.scrape(fleet.node("node-6").endpoint(), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> assertThat(e.permanent()).isFalse());
        fleet.node("node-6").failWith(404);
        assertThatThrownBy(() -> client.scrape(fleet.node("node-6").endpoint(), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> assertThat(e.permanent()).isTrue());
        fleet.node("node-6").healthy();
        assertThat(client.scrape(fleet.node("node-6").endpoint(), new RecordingConsumer()).samplesAccepted()).isEqualTo(4);
        assertThat(fleet.node("node-6").requests()).isEqualTo(4);
    }

    @Test
    void aSlowKubeletTimesOutTransientlyAndFeedsNothingAfterwards() {
        fleet.node("node-7").delay(Duration.ofSeconds(5));
        DirectKubeletClient client = client(ca, false, Duration.ofMillis(300));
        RecordingConsumer consumer = new RecordingConsumer();

        assertThatThrownBy(() -> client.scrape(fleet.node("node-7").endpoint(), consumer))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).contains("did not answer within 300 ms")
                            .endsWith("raise krr.collector.kubelet.timeout if the node is just slow");
                });
        assertThat(consumer.samples).isEmpty();
    }

    @Test
    void aKubeletStuckMidAnswerTimesOutAndTheRestOfItsBodyNeverReachesTheConsumer() {
        fleet.node("node-7").stallMidBody(Duration.ofSeconds(2));
        DirectKubeletClient client = client(ca, false, Duration.ofMillis(500));
        RecordingConsumer consumer = new RecordingConsumer();

        assertThatThrownBy(() -> client.scrape(fleet.node("node-7").endpoint(), consumer))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> assertThat(e.permanent()).isFalse());
        int atTimeout = consumer.samples.size();
        // the working-set half arrives 1.5 s after the timeout: it must not be fed to anyone
        org.awaitility.Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .until(() -> consumer.samples.size() == atTimeout);
        assertThat(consumer.samples).extracting(RecordingConsumer.Sample::family).doesNotContain("memory");
    }

    @Test
    void aClosedPortIsATransientRefusal() {
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(5));
        KubeletEndpoint closed = new KubeletEndpoint("gone", "127.0.0.1", FreePorts.next());

        assertThatThrownBy(() -> client.scrape(closed, new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.getMessage()).startsWith("kubelet on node gone at https://127.0.0.1:").contains("refused the connection");
                });
    }

    @Test
    void htmlWith200IsPermanentAndATruncatedBodyKeepsWhatCameThrough() {
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(10));
        fleet.node("node-8").answerHtml(true);
        assertThatThrownBy(() -> client.scrape(fleet.node("node-8").endpoint(), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).contains("node node-8", "the body starts '<!DOCTYPE html>");
                });

        fleet.node("node-8").healthy().truncateBody(true);
        RecordingConsumer consumer = new RecordingConsumer();
        ResourceMetricsParser.Result result = client.scrape(fleet.node("node-8").endpoint(), consumer);
        assertThat(result.samplesAccepted()).isEqualTo(3);
        assertThat(result.badLines()).isEqualTo(1);
        assertThat(result.firstBadReason()).endsWith("cut short");

        fleet.node("node-8").healthy().nanValues(true);
        consumer = new RecordingConsumer();
        assertThat(client.scrape(fleet.node("node-8").endpoint(), consumer).samplesAccepted()).isEqualTo(4);
        assertThat(consumer.samples).extracting(Sample::value).containsOnly(Double.NaN);
    }

    @Test
    void plainHttpWorksForTestsAndOddSetups() {
        try (KubeletFleetServer plain = KubeletFleetServer.builder().node("n1").tls(false).start()) {
            plain.node("n1").add(Container.steady("ns", "p", "c", 0, 1, 1));
            DirectKubeletClient client = new DirectKubeletClient(new Settings("http", null, null, false, Duration.ofSeconds(5)),
                    Clock.systemUTC());
            assertThat(client.scrape(plain.node("n1").endpoint(), new RecordingConsumer()).samplesAccepted()).isEqualTo(2);
        }
    }

    @Test
    void badConfigurationNamesTheProperty() throws IOException {
        assertThatThrownBy(() -> client(dir.resolve("missing.crt"), false, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("krr.collector.kubelet.ca-file: " + dir.resolve("missing.crt") + " does not exist");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        assertThatThrownBy(() -> client(notPem, false, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("krr.collector.kubelet.ca-file: " + notPem + " ");
        Path directory = Files.createDirectory(dir.resolve("token-dir"));
        assertThatThrownBy(() -> new DirectKubeletClient(new Settings("https", directory, ca, false, Duration.ofSeconds(1)), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("krr.collector.kubelet.bearer-token-file: " + directory + " is not a file");
        assertThatThrownBy(() -> new Settings("ftp", null, null, false, Duration.ofSeconds(1)))
                .hasMessage("krr.collector.kubelet.scheme must be https or http, not 'ftp'");
        assertThatThrownBy(() -> new Settings("https", null, null, false, Duration.ZERO))
                .hasMessage("krr.collector.kubelet.timeout must be positive, not PT0S");
    }

    @Test
    void addressesBecomeUrlsWithIpv6InBrackets() {
        assertThat(DirectKubeletClient.uri("https", new KubeletEndpoint("n", "10.0.3.7", 10250)))
                .hasToString("https://10.0.3.7:10250/metrics/resource");
        assertThat(DirectKubeletClient.uri("https", new KubeletEndpoint("n", "fd00:10:244::1", 10250)))
                .hasToString("https://[fd00:10:244::1]:10250/metrics/resource");
        assertThat(DirectKubeletClient.uri("https", new KubeletEndpoint("n", "[::1]", 10250)))
                .hasToString("https://[::1]:10250/metrics/resource");
        assertThat(DirectKubeletClient.uri("http", new KubeletEndpoint("n", "ip-10-0-3-7.ec2.internal", 10255)))
                .hasToString("http://ip-10-0-3-7.ec2.internal:10255/metrics/resource");
    }

    @Test
    void aNodeWithoutAddressCannotBeScrapedDirectly() {
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(1));
        assertThatThrownBy(() -> client.scrape(new KubeletEndpoint("bare", null, 10250), new RecordingConsumer()))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> assertThat(e.permanent()).isTrue());
    }

    @Test
    void readsCadvisorCountersStraightFromTheNodeUnderTheSameRules() {
        KubeletFleetServer.Node node = fleet.node("node-3");
        long since = NOW.toEpochMilli() - 100_000;
        node.quota("shop", "node-3-web", "web", KubeletFleetServer.Cfs.steady(since, 10, 1, 0.05));
        DirectKubeletClient client = client(ca, false, Duration.ofSeconds(10));
        List<String> seen = new ArrayList<>();

        ResourceMetricsParser.Result result = client.scrapeCadvisor(node.endpoint(),
                (namespace, pod, container, family, timestampMillis, value) -> seen.add(pod + "/" + container + " " + family + " " + value
                        + " @" + timestampMillis));

        long t = NOW.toEpochMilli();
        assertThat(result.samplesAccepted()).isEqualTo(3);
        assertThat(result.badLines()).isZero();
        assertThat(seen).containsExactly("node-3-web/web container_cpu_cfs_periods_total 1000.0 @" + t,
                "node-3-web/web container_cpu_cfs_throttled_periods_total 100.0 @" + t,
                "node-3-web/web container_cpu_cfs_throttled_seconds_total 5.0 @" + t);
        assertThat(node.cadvisorRequests()).isEqualTo(1);
        assertThat(node.requests()).isZero();

        node.failCadvisorWith(403);
        assertThatThrownBy(() -> client.scrapeCadvisor(node.endpoint(), (n, p, c, f, ts, v) -> { }))
                .isInstanceOfSatisfying(KubeletScrapeException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.getMessage()).startsWith("kubelet on node node-3 refused /metrics/cadvisor (403)")
                            .endsWith("the collector's service account needs `get` on `nodes/metrics`");
                });
        // the resource metrics of that node still answer
        assertThat(client.scrape(node.endpoint(), new RecordingConsumer()).samplesAccepted()).isEqualTo(4);
    }
}
