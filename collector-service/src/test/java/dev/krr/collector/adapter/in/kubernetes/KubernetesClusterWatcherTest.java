package dev.krr.collector.adapter.in.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.collector.app.SnapshotService;
import dev.krr.collector.app.SnapshotSink;
import dev.krr.collector.domain.NodeState;
import dev.krr.collector.domain.OwnerChain;
import dev.krr.collector.domain.WorkloadFilter;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery against fabric8's mock API server in CRUD mode (real HTTP, real watches), with an
 * in-memory snapshot sink: filters, label-grouped Jobs, garbage in a spec, and the absent Argo
 * Rollouts API.
 */
class KubernetesClusterWatcherTest {

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final Map<WorkloadId, WorkloadState> published = new ConcurrentHashMap<>();
    private final Set<WorkloadId> tombstoned = ConcurrentHashMap.newKeySet();

    private final SnapshotSink sink = new SnapshotSink() {
        @Override
        public void publishWorkload(WorkloadState state) {
            published.put(state.id(), state);
            tombstoned.remove(state.id());
        }

        @Override
        public void deleteWorkload(WorkloadId id) {
            published.remove(id);
            tombstoned.add(id);
        }

        @Override
        public void publishNode(NodeState state) {
        }

        @Override
        public void deleteNode(String node) {
        }

        @Override
        public Set<WorkloadId> existingWorkloads() {
            return Set.of();
        }

        @Override
        public Set<String> existingNodes() {
            return Set.of();
        }

        @Override
        public void flush() {
        }
    };

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

    private static PodTemplateSpec template(String app, String cpu) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName(app).withImage(app + ":1")
                        .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("64Mi"))
                        .endResources().build()).endSpec().build();
    }

    private void job(String ns, String name, Map<String, String> labels) {
        HasMetadata job = client.resource(new JobBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid(name + "-uid")
                .withLabels(labels).withCreationTimestamp("2026-11-2" + name.length() % 10 + "T00:00:00Z").endMetadata()
                .withNewSpec().withTemplate(template("migrate", "500m")).endSpec().build()).create();
        client.resource(new PodBuilder().withNewMetadata().withNamespace(ns).withName(name + "-x1").withOwnerReferences(
                        new OwnerReferenceBuilder().withKind("Job").withApiVersion("batch/v1").withName(name).withUid(job.getMetadata().getUid())
                                .withController(true).build()).endMetadata()
                .withSpec(template("migrate", "500m").getSpec()).withNewStatus().withPhase("Running").endStatus().build()).create();
    }

    @Test
    void groupsOneOffJobsByLabelAndHonoursNamespaceFilters() {
        for (String ns : List.of("batch", "kube-system")) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        job("batch", "migrate-a1", Map.of("krr.dev/group", "migrate"));
        job("batch", "migrate-b22", Map.of("krr.dev/group", "migrate"));
        job("batch", "standalone", Map.of());
        client.resource(new DeploymentBuilder().withNewMetadata().withNamespace("kube-system").withName("coredns").endMetadata()
                .withNewSpec().withTemplate(template("coredns", "100m")).endSpec().build()).create();
        // garbage in a spec: the CPU request is unset (and logged), never zero, and the workload is still reported
        client.resource(new DeploymentBuilder().withNewMetadata().withNamespace("batch").withName("odd").endMetadata()
                .withNewSpec().withTemplate(template("odd", "lots")).endSpec().build()).create();

        WorkloadFilter filter = new WorkloadFilter(List.of(), List.of(Pattern.compile("kube-.*")), "", Set.of());
        try (KubernetesClusterWatcher watcher = new KubernetesClusterWatcher(client, new SnapshotService(sink), filter,
                new OwnerChain(Set.of("krr.dev/group")))) {
            watcher.start();
            assertThat(watcher.ready()).isTrue();
            WorkloadId group = new WorkloadId("batch", OwnerChain.GROUPED_JOB, "migrate");
            assertThat(published.keySet()).containsExactlyInAnyOrder(group, new WorkloadId("batch", "Job", "standalone"),
                    new WorkloadId("batch", "Deployment", "odd"));
            assertThat(published.get(group).pods()).extracting(p -> p.pod()).containsExactlyInAnyOrder("migrate-a1-x1", "migrate-b22-x1");
            assertThat(published.get(group).containers().get(0).requests().cpuMillicores()).isEqualTo(500);
            assertThat(published.get(new WorkloadId("batch", "Deployment", "odd")).containers().get(0).requests().cpuMillicores()).isNull();
            assertThat(watcher.workloadOfPod("batch", "migrate-a1-x1")).contains(group);

            // an OOM kill in a pod's status is visible to usage ingest, with the memory limit in force
            var pod = client.pods().inNamespace("batch").withName("standalone-x1").get();
            pod.getStatus().setContainerStatuses(List.of(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder().withName("migrate")
                    .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137)
                    .withFinishedAt("2026-11-20T10:42:00Z").endTerminated().endLastState().build()));
            client.pods().inNamespace("batch").resource(pod).updateStatus();
            WorkloadId standalone = new WorkloadId("batch", "Job", "standalone");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !watcher.oomKills(standalone).isEmpty());
            assertThat(watcher.oomKills(standalone)).singleElement().satisfies(k -> {
                assertThat(k.pod()).isEqualTo("standalone-x1");
                assertThat(k.container()).isEqualTo("migrate");
                assertThat(k.at()).isEqualTo(java.time.Instant.parse("2026-11-20T10:42:00Z"));
            });

            // the last Job of the group goes: the group stays while one remains, then is tombstoned
            client.batch().v1().jobs().inNamespace("batch").withName("migrate-a1").delete();
            client.pods().inNamespace("batch").withName("migrate-a1-x1").delete();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> published.get(group) != null
                    && published.get(group).pods().size() == 1);
            client.batch().v1().jobs().inNamespace("batch").withName("migrate-b22").delete();
            client.pods().inNamespace("batch").withName("migrate-b22-x1").delete();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tombstoned.contains(group));
        }
    }

    @Test
    void kubeletsAreFoundAtThePreferredNodeAddressAndTheNodesOwnPort() {
        client.resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("n1").endMetadata()
                .withNewStatus().withAddresses(new io.fabric8.kubernetes.api.model.NodeAddressBuilder().withType("Hostname")
                                .withAddress("ip-10-0-0-1.ec2.internal").build(),
                        new io.fabric8.kubernetes.api.model.NodeAddressBuilder().withType("InternalIP").withAddress("10.0.0.1").build())
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10260).endKubeletEndpoint().endDaemonEndpoints()
                .endStatus().build()).create();
        // a node that says nothing about itself yet (just registered): the kubelet's default port, no address
        client.resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("n0").endMetadata().build()).create();

        try (KubernetesClusterWatcher watcher = new KubernetesClusterWatcher(client, new SnapshotService(sink),
                new WorkloadFilter(List.of(), List.of(), "", Set.of()), new OwnerChain(Set.of()))) {
            watcher.start();
            assertThat(watcher.kubelets()).containsExactly(new dev.krr.collector.domain.KubeletEndpoint("n0", "", 10250),
                    new dev.krr.collector.domain.KubeletEndpoint("n1", "10.0.0.1", 10260));
            watcher.kubeletAddressTypes(List.of("ExternalIP", "Hostname"));
            assertThat(watcher.kubelets()).contains(new dev.krr.collector.domain.KubeletEndpoint("n1", "ip-10-0-0-1.ec2.internal", 10260));

            // the just-registered node reports its address: the watch keeps the endpoints current (and, waited for,
            // leaves no watch half-established when the watcher closes)
            client.nodes().withName("n0").edit(n -> new io.fabric8.kubernetes.api.model.NodeBuilder(n).withNewStatus()
                    .withAddresses(new io.fabric8.kubernetes.api.model.NodeAddressBuilder().withType("Hostname").withAddress("n0.local")
                            .build()).endStatus().build());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> watcher.kubelets()
                    .contains(new dev.krr.collector.domain.KubeletEndpoint("n0", "n0.local", 10250)));
        }
    }
}
