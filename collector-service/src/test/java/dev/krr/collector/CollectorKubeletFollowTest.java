package dev.krr.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer;
import dev.krr.collector.adapter.out.prometheus.PrometheusUsageSource;
import dev.krr.collector.app.UsageSource;
import dev.krr.collector.demo.DemoCluster;
import dev.krr.contracts.ProtobufSerde;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.ContainerUsage;
import dev.krr.events.v1.UsageBatch;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.PrometheusTestServer;
import dev.krr.testsupport.TopicProbe;
import dev.krr.testsupport.WithKafkaBroker;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The collector as deployed, following from the kubelets: the demo shop in fabric8's mock API
 * server (CRUD), whose nodes' addresses and kubelet port lead to emulated kubelets (real HTTPS,
 * bearer token, the kubelet's text format), a real Prometheus for the backfill and a real broker.
 * Every container runs a steady quarter core with a 64 MiB working set; once the kubelets cover
 * the follow, the usage topic gets batches carrying exactly that (Prometheus holds none of it).
 * Short steps (2 s) and scrapes (0.5 s) make a minute of production happen in seconds.
 */
@WithKafkaBroker
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.config.name=collector", "krr.collector.cluster-id=kubelet-it", "krr.collector.usage.source=prometheus",
        "krr.collector.usage.follow-source=kubelet", "krr.collector.usage.history=1m", "krr.collector.usage.step=2s",
        "krr.collector.usage.batch-window=10s", "krr.collector.usage.lag=2s", "krr.collector.usage.follow-interval=1s",
        "krr.collector.kubelet.transport=direct", "krr.collector.kubelet.scrape-interval=500ms",
        "krr.collector.kubelet.retention=1m", "krr.collector.prometheus.chunk=1h"})
class CollectorKubeletFollowTest {

    private static final double CORES = 0.25;
    private static final long WORKING_SET_BYTES = 64L << 20;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private static KubeletFleetServer fleet;
    private static PrometheusTestServer prometheus;
    private static Path dir;

    @Autowired
    UsageSource usageSource;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) throws IOException {
        dir = Files.createTempDirectory("krr-kubelet-it");
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        new DemoCluster().seed(client);

        KubeletFleetServer.Builder builder = KubeletFleetServer.builder().bearerToken("collector-sa-token");
        List<Node> nodes = client.nodes().list().getItems();
        nodes.forEach(n -> builder.node(n.getMetadata().getName()));
        fleet = builder.start();
        long since = Instant.now().toEpochMilli();
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            for (Container c : pod.getSpec().getContainers()) {
                fleet.node(pod.getSpec().getNodeName()).add(KubeletFleetServer.Container.steady(pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), c.getName(), since, CORES, WORKING_SET_BYTES));
            }
        }
        // the nodes say where their kubelets are, as real nodes do in status.addresses / daemonEndpoints
        for (Node n : nodes) {
            String address = fleet.node(n.getMetadata().getName()).endpoint().address();
            n.getStatus().setAddresses(List.of(new NodeAddressBuilder().withType("Hostname").withAddress("unresolvable.invalid").build(),
                    new NodeAddressBuilder().withType("InternalIP").withAddress(address).build()));
            n.getStatus().setDaemonEndpoints(new NodeDaemonEndpointsBuilder().withNewKubeletEndpoint().withPort(fleet.port())
                    .endKubeletEndpoint().build());
            client.nodes().resource(n).update();
        }
        prometheus = PrometheusTestServer.start(dir.resolve("prometheus"), w -> w.write("krr_unrelated{job=\"x\"} 1 "
                + (Instant.now().getEpochSecond() - 7200) + "\n"));
        try {
            registry.add("krr.collector.kubelet.ca-file", fleet.writeCaCertificate(dir.resolve("kubelet-ca.pem"))::toString);
            registry.add("krr.collector.kubelet.bearer-token-file",
                    Files.writeString(dir.resolve("token"), "collector-sa-token")::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("krr.collector.kubernetes.master-url", () -> client.getConfiguration().getMasterUrl());
        registry.add("krr.collector.prometheus.url", prometheus::url);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.destroy();
        fleet.close();
        prometheus.close();
    }

    @Test
    void followsUsageFromTheKubeletsOnceTheyCoverTheFollow(KafkaBroker broker) {
        try (TopicProbe<UsageBatch> usage = new TopicProbe<>(broker.bootstrapServers(), Topics.USAGE,
                ProtobufSerde.of(UsageBatch.getDefaultInstance()).deserializer())) {
            // Prometheus holds nothing of these pods: any CPU in a storefront batch came from the kubelets
            ConsumerRecord<String, UsageBatch> followed = usage.awaitRecord(WAIT, r -> r.value() != null
                    && r.value().getName().equals("storefront") && r.value().getContainersCount() > 0
                    && r.value().getContainersList().stream().allMatch(c -> c.getCpu().getCoresCount() > 0));

            UsageBatch batch = followed.value();
            assertThat(batch.getSource()).isEqualTo("prometheus"); // one source name for the collector's stream
            assertThat(batch.getContainersList()).hasSize(3).allSatisfy(c -> {
                assertThat(c.getNode()).endsWith(".ec2.internal");
                assertThat(c.getCpu().getStepSeconds()).isEqualTo(2);
                assertThat(c.getCpu().getCoresList()).allSatisfy(cores -> assertThat(cores).isCloseTo((float) CORES, within(1e-4f)));
                assertThat(c.getMemory().getWorkingSetPeakBytes()).isEqualTo(WORKING_SET_BYTES);
            });
            assertThat(batch.getContainersList()).extracting(ContainerUsage::getPod).doesNotHaveDuplicates();
            assertThat(((PrometheusUsageSource) usageSource).readsFromKubelets()).isPositive();
            assertThat(fleet.nodes()).allSatisfy(n -> assertThat(n.requests()).isPositive());
        }
    }
}
