package dev.krr.collector.adapter.out.metricsapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.collector.app.ClusterView;
import dev.krr.collector.domain.ContainerUsage;
import dev.krr.collector.domain.PodPlacement;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics-API source against fabric8's mock API server (CRUD) serving {@code metrics.k8s.io} pod metrics. */
class MetricsApiUsageSourceTest {

    private KubernetesMockServer server;
    private KubernetesClient client;
    private static final WorkloadId WEB = new WorkloadId("shop", "Deployment", "web");

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void thePresentBecomesTheLastStepAndEverythingElseAGap() {
        client.resource(new PodMetricsBuilder().withNewMetadata().withNamespace("shop").withName("web-1").endMetadata()
                .withTimestamp("2026-11-26T10:00:00Z").withWindow(new io.fabric8.kubernetes.api.model.Duration(java.time.Duration.ofSeconds(30)))
                .withContainers(new ContainerMetricsBuilder().withName("web").withUsage(Map.of("cpu", new Quantity("250m"),
                        "memory", new Quantity("300Mi"))).build(),
                        new ContainerMetricsBuilder().withName("odd").withUsage(Map.of("cpu", new Quantity("lots"),
                                "memory", new Quantity("1Gi"))).build()).build()).create();
        client.resource(new PodMetricsBuilder().withNewMetadata().withNamespace("other").withName("stranger").endMetadata()
                .withContainers(new ContainerMetricsBuilder().withName("x").withUsage(Map.of("cpu", new Quantity("1"))).build())
                .build()).create();
        WorkloadState web = new WorkloadState(WEB, "u", Map.of(), Map.of(), Map.of(), null, 1, List.of(), null,
                List.of(new PodPlacement("web-1", "n1", "Running")), null);
        ClusterView cluster = new ClusterView() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public Collection<WorkloadState> workloads() {
                return List.of(web);
            }

            @Override
            public Optional<WorkloadId> workloadOfPod(String namespace, String pod) {
                return pod.equals("web-1") ? Optional.of(WEB) : Optional.empty();
            }
        };
        MetricsApiUsageSource source = new MetricsApiUsageSource(client, cluster, Duration.ofSeconds(60));
        Instant to = Instant.parse("2026-11-26T10:01:00Z");
        List<UsageWindow> windows = source.read(to.minus(Duration.ofMinutes(2)), to, Duration.ofHours(1));

        assertThat(windows).singleElement().satisfies(w -> {
            assertThat(w.workload()).isEqualTo(WEB);
            assertThat(w.source()).isEqualTo("metrics-api");
            ContainerUsage c = w.containers().stream().filter(x -> x.container().equals("web")).findFirst().orElseThrow();
            assertThat(c.node()).isEqualTo("n1");
            assertThat(c.cpuCores()).hasSize(2);
            assertThat(c.cpuCores()[0]).isNaN();
            assertThat(c.cpuCores()[1]).isEqualTo(0.25f);
            assertThat(c.memoryPeakBytes()).isEqualTo(300L << 20);
            // garbage CPU is a gap, not a zero; its memory still counts
            ContainerUsage odd = w.containers().stream().filter(x -> x.container().equals("odd")).findFirst().orElseThrow();
            assertThat(odd.cpuSampleCount()).isZero();
            assertThat(odd.memoryPeakBytes()).isEqualTo(1L << 30);
        });
        assertThat(source.hasHistory()).isFalse();
    }
}
