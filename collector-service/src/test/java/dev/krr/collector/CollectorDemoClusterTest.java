package dev.krr.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.collector.demo.DemoCluster;
import dev.krr.contracts.Keys;
import dev.krr.contracts.ProtobufSerde;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.ContainerRole;
import dev.krr.events.v1.ContainerSpec;
import dev.krr.events.v1.ContainerUsage;
import dev.krr.events.v1.NodeSnapshot;
import dev.krr.events.v1.UsageBatch;
import dev.krr.events.v1.WorkloadSnapshot;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.TopicProbe;
import dev.krr.testsupport.WithKafkaBroker;
import dev.krr.types.v1.CapacityType;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The walking skeleton end to end: the demo shop in fabric8's mock API server (CRUD mode, real
 * HTTP and watches), the collector with the demo usage source, a real Kafka broker. Checks the
 * snapshots (kinds, roll-ups, sidecars, injected containers, HPA, placement, node classification),
 * the start-up resync's tombstone for something gone while the collector was down, live
 * updates/moves/deletes, and the backfilled usage.
 */
@WithKafkaBroker
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.config.name=collector", "krr.collector.cluster-id=demo-test", "krr.collector.usage.source=demo",
        "krr.collector.usage.history=4d", "krr.collector.usage.follow-interval=2s"})
class CollectorDemoClusterTest {

    private static final String CLUSTER = "demo-test";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KubernetesMockServer server;
    private static KubernetesClient client;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        new DemoCluster().seed(client);
        String bootstrap = System.getProperty("spring.kafka.bootstrap-servers");
        // A snapshot left on the topic by a workload deleted while the collector was down.
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.WORKLOADS, Keys.workload(CLUSTER, "shop", "Deployment", "retired"),
                    WorkloadSnapshot.newBuilder().setCluster(CLUSTER).setNamespace("shop").setKind("Deployment").setName("retired")
                            .build().toByteArray()));
            producer.flush();
        }
        registry.add("krr.collector.kubernetes.master-url", () -> client.getConfiguration().getMasterUrl());
    }

    @AfterAll
    static void stopCluster() {
        client.close();
        server.destroy();
    }

    private static String key(String ns, String kind, String name) {
        return Keys.workload(CLUSTER, ns, kind, name);
    }

    @Test
    void publishesTheShopFollowsChangesAndBackfillsUsage(KafkaBroker broker) {
        try (TopicProbe<WorkloadSnapshot> workloads = new TopicProbe<>(broker.bootstrapServers(), Topics.WORKLOADS,
                ProtobufSerde.of(WorkloadSnapshot.getDefaultInstance()).deserializer());
             TopicProbe<NodeSnapshot> nodes = new TopicProbe<>(broker.bootstrapServers(), Topics.NODES,
                     ProtobufSerde.of(NodeSnapshot.getDefaultInstance()).deserializer());
             TopicProbe<UsageBatch> usage = new TopicProbe<>(broker.bootstrapServers(), Topics.USAGE,
                     ProtobufSerde.of(UsageBatch.getDefaultInstance()).deserializer());
             TopicProbe<String> watermarks = new TopicProbe<>(broker.bootstrapServers(), Topics.COLLECTOR_WATERMARKS,
                     new StringDeserializer())) {

            // --- start-up resync: the retired workload is tombstoned, the 12 shop workloads are there
            workloads.awaitRecord(WAIT, r -> r.key().equals(key("shop", "Deployment", "retired")) && r.value() == null);
            Map<String, WorkloadSnapshot> latest = workloads.latestByKey();
            assertThat(latest.keySet()).containsExactlyInAnyOrder(
                    key("shop", "Deployment", "storefront"), key("shop", "Deployment", "catalog"), key("shop", "Deployment", "cart"),
                    key("shop", "Deployment", "recommendations"), key("shop", "Deployment", "search"),
                    key("shop", "Deployment", "frontend-legacy"), key("shop", "CronJob", "nightly-report"),
                    key("payments", "Deployment", "payments-api"), key("payments", "Deployment", "fraud-check"),
                    key("payments", "StatefulSet", "postgres"), key("platform", "DaemonSet", "node-exporter"),
                    key("platform", "DaemonSet", "fluent-bit"));

            WorkloadSnapshot storefront = latest.get(key("shop", "Deployment", "storefront"));
            assertThat(storefront.getReplicas()).isEqualTo(3);
            assertThat(storefront.getPodsList()).hasSize(3).allSatisfy(p -> {
                assertThat(p.getNode()).endsWith(".ec2.internal");
                assertThat(p.getPhase()).isEqualTo("Running");
            });
            assertThat(storefront.getHpa().getTargetsCpu()).isTrue();
            assertThat(storefront.getHpa().getTargetCpuUtilizationPercent()).isEqualTo(70);
            ContainerSpec web = storefront.getContainers(0);
            assertThat(web.getRequests().getCpuMillicores()).isEqualTo(500);
            assertThat(web.getRequests().getMemoryBytes()).isEqualTo(512L << 20);
            assertThat(web.getLimits().getCpuMillicores()).isEqualTo(1000);

            WorkloadSnapshot cart = latest.get(key("shop", "Deployment", "cart"));
            assertThat(cart.getContainers(0).getLimits().hasCpuMillicores()).isFalse();
            assertThat(cart.getContainers(0).getLimits().hasMemoryBytes()).isFalse();

            assertThat(latest.get(key("payments", "Deployment", "payments-api")).getContainersList())
                    .extracting(ContainerSpec::getName, ContainerSpec::getRole)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("payments-api", ContainerRole.CONTAINER_ROLE_MAIN),
                            org.assertj.core.groups.Tuple.tuple("istio-proxy", ContainerRole.CONTAINER_ROLE_INJECTED));
            assertThat(latest.get(key("payments", "Deployment", "fraud-check")).getContainersList())
                    .extracting(ContainerSpec::getName, ContainerSpec::getRole)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("log-shipper", ContainerRole.CONTAINER_ROLE_SIDECAR),
                            org.assertj.core.groups.Tuple.tuple("fraud-check", ContainerRole.CONTAINER_ROLE_MAIN));
            assertThat(latest.get(key("platform", "DaemonSet", "node-exporter")).getPodsList()).hasSize(5);
            assertThat(latest.get(key("shop", "CronJob", "nightly-report")).getPodsList()).hasSize(1);

            // --- nodes
            nodes.awaitCount(WAIT, 5);
            Map<String, NodeSnapshot> nodeMap = nodes.latestByKey();
            assertThat(nodeMap).hasSize(5);
            NodeSnapshot spot = nodeMap.get(Keys.node(CLUSTER, "ip-10-0-2-21.ec2.internal"));
            assertThat(spot.getProvider()).isEqualTo("aws");
            assertThat(spot.getRegion()).isEqualTo("us-east-1");
            assertThat(spot.getZone()).isEqualTo("us-east-1a");
            assertThat(spot.getInstanceType()).isEqualTo("c5.2xlarge");
            assertThat(spot.getCapacityType()).isEqualTo(CapacityType.CAPACITY_TYPE_SPOT);
            assertThat(spot.getCapacity().getCpuMillicores()).isEqualTo(8000);
            assertThat(spot.getAllocatable().getCpuMillicores()).isEqualTo(7920);
            assertThat(nodeMap.get(Keys.node(CLUSTER, "ip-10-0-1-12.ec2.internal")).getCapacityType())
                    .isEqualTo(CapacityType.CAPACITY_TYPE_ON_DEMAND);

            // --- usage: 4 days of hourly windows at 60 s, shaped by the demo annotations
            usage.awaitRecord(WAIT, r -> r.key().equals(key("shop", "Deployment", "frontend-legacy"))
                    && r.value().getWindowStart().getSeconds() >= Instant.now().minus(Duration.ofHours(2)).getEpochSecond());
            List<ConsumerRecord<String, UsageBatch>> legacy = usage.snapshot().stream()
                    .filter(r -> r.key().equals(key("shop", "Deployment", "frontend-legacy"))).toList();
            assertThat(legacy.size()).isGreaterThanOrEqualTo(4 * 24 - 2);
            UsageBatch firstHour = legacy.get(0).value();
            assertThat(firstHour.getSource()).isEqualTo("demo");
            assertThat(firstHour.getWindowEnd().getSeconds() - firstHour.getWindowStart().getSeconds()).isEqualTo(3600);
            assertThat(firstHour.getWindowStart().getSeconds() % 3600).isZero();
            ContainerUsage idle = firstHour.getContainers(0);
            assertThat(idle.getCpu().getStepSeconds()).isEqualTo(60);
            assertThat(idle.getCpu().getCoresCount()).isEqualTo(60);
            // cpu=5m..15m with 5 % noise: every sample in [0.005 * 0.95, 0.015 * 1.05]
            assertThat(idle.getCpu().getCoresList()).allSatisfy(c -> assertThat(c).isBetween(0.00475f, 0.01575f));
            // mem=150Mi..170Mi with 2.5 % noise
            assertThat(idle.getMemory().getWorkingSetPeakBytes()).isBetween((long) (150 * 1048576 * 0.975), (long) (170 * 1048576 * 1.025));
            // search is OOM-killed every 72 h: 4 days of history hold at least one kill per pod, at its 768Mi limit
            List<ContainerUsage> ooms = usage.snapshot().stream().filter(r -> r.key().equals(key("shop", "Deployment", "search")))
                    .flatMap(r -> r.value().getContainersList().stream()).filter(c -> c.getOom().getOomKills() > 0).toList();
            assertThat(ooms).isNotEmpty().allSatisfy(c -> {
                assertThat(c.getOom().getMemoryLimitAtOomBytes()).isEqualTo(768L << 20);
                assertThat(c.getMemory().getWorkingSetPeakBytes()).isEqualTo(768L << 20);
            });
            // windows of one workload never overlap
            List<Long> starts = legacy.stream().map(r -> r.value().getWindowStart().getSeconds()).toList();
            assertThat(starts).doesNotHaveDuplicates().isSorted();
            ConsumerRecord<String, String> mark = watermarks.awaitRecord(WAIT, r -> r.key().equals(CLUSTER + "/demo"));
            assertThat(Instant.parse(mark.value())).isAfter(Instant.now().minus(Duration.ofMinutes(5)));

            // --- live changes: a resized container, a pod moving to another node, a deleted Deployment, a deleted node
            Deployment catalog = client.apps().deployments().inNamespace("shop").withName("catalog").get();
            catalog.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests().put("cpu", new Quantity("250m"));
            client.resource(catalog).update();
            workloads.awaitRecord(WAIT, r -> r.key().equals(key("shop", "Deployment", "catalog")) && r.value() != null
                    && r.value().getContainers(0).getRequests().getCpuMillicores() == 250);

            Pod moving = client.pods().inNamespace("shop").list().getItems().stream()
                    .filter(p -> p.getMetadata().getName().startsWith("recommendations-")).findFirst().orElseThrow();
            String from = moving.getSpec().getNodeName();
            String to = from.equals("ip-10-0-3-31.ec2.internal") ? "ip-10-0-1-11.ec2.internal" : "ip-10-0-3-31.ec2.internal";
            client.resource(moving).delete();
            Pod moved = new PodBuilder(moving).editMetadata().withName(moving.getMetadata().getName() + "x").withResourceVersion(null)
                    .endMetadata().editSpec().withNodeName(to).endSpec().build();
            client.resource(moved).create();
            workloads.awaitRecord(WAIT, r -> r.key().equals(key("shop", "Deployment", "recommendations")) && r.value() != null
                    && r.value().getPodsCount() == 1 && r.value().getPods(0).getNode().equals(to));

            client.apps().deployments().inNamespace("shop").withName("cart").delete();
            workloads.awaitRecord(WAIT, r -> r.key().equals(key("shop", "Deployment", "cart")) && r.value() == null);

            client.nodes().withName("ip-10-0-2-22.ec2.internal").delete();
            nodes.awaitRecord(WAIT, r -> r.key().equals(Keys.node(CLUSTER, "ip-10-0-2-22.ec2.internal")) && r.value() == null);

            // an update that changes nothing relevant (a pod label) publishes nothing new for it
            int before = (int) workloads.snapshot().stream().filter(r -> r.key().equals(key("payments", "StatefulSet", "postgres"))).count();
            Pod pg = client.pods().inNamespace("payments").withName("postgres-0").get();
            pg.getMetadata().getLabels().put("heartbeat", "1");
            client.resource(pg).update();
            client.apps().deployments().inNamespace("shop").withName("frontend-legacy").edit(d -> {
                d.getSpec().setReplicas(2);
                return d;
            });
            workloads.awaitRecord(WAIT, r -> r.key().equals(key("shop", "Deployment", "frontend-legacy")) && r.value() != null
                    && r.value().getReplicas() == 2);
            assertThat(workloads.snapshot().stream().filter(r -> r.key().equals(key("payments", "StatefulSet", "postgres"))).count())
                    .isEqualTo(before);
            assertThat(new String(workloads.snapshot().get(workloads.snapshot().size() - 1).headers().lastHeader("krr-cluster").value(), StandardCharsets.UTF_8))
                    .isEqualTo(CLUSTER);
        }
    }
}
