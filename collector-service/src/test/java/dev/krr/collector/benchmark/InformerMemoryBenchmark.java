package dev.krr.collector.benchmark;

import dev.krr.collector.adapter.in.kubernetes.KubernetesClusterWatcher;
import dev.krr.collector.app.SnapshotService;
import dev.krr.collector.app.SnapshotSink;
import dev.krr.collector.domain.NodeState;
import dev.krr.collector.domain.OwnerChain;
import dev.krr.collector.domain.WorkloadFilter;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap the collector's informers and indexes need for a big cluster: seeds fabric8's mock API
 * server (CRUD) with {@code pods} pods in Deployments of 30 (with their ReplicaSets), then starts
 * discovery with a counting sink and reports the heap growth after a full GC. The mock server
 * runs in the same JVM, so its storage is in the baseline taken before discovery starts.
 * Arguments: {@code pods} (default 30000).
 */
public final class InformerMemoryBenchmark {

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        int perDeployment = 30;
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new java.util.ArrayList<>();
        for (int d = 0; d < pods / perDeployment; d++) {
            int dep = d;
            futures.add(pool.submit(() -> seedDeployment(client, dep, perDeployment)));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("seeded %d pods in %d Deployments in %.0f s%n", pods, pods / perDeployment, (System.nanoTime() - t0) / 1e9);
        long baseline = usedHeapAfterGc();
        AtomicLong published = new AtomicLong();
        SnapshotSink sink = new SnapshotSink() {
            @Override
            public void publishWorkload(WorkloadState state) {
                published.incrementAndGet();
            }

            @Override
            public void deleteWorkload(WorkloadId id) {
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
        long t1 = System.nanoTime();
        try (KubernetesClusterWatcher watcher = new KubernetesClusterWatcher(client, new SnapshotService(sink), WorkloadFilter.all(),
                new OwnerChain(Set.of()))) {
            watcher.start();
            double sync = (System.nanoTime() - t1) / 1e9;
            long after = usedHeapAfterGc();
            System.out.printf("discovery of %d pods: synced and resynced in %.1f s, %d workloads published, heap +%.0f MiB"
                    + " (%.1f KiB per pod, informer caches + indexes + last-published states)%n", pods, sync, published.get(),
                    (after - baseline) / 1048576.0, (after - baseline) / 1024.0 / pods);
        }
        client.close();
        server.destroy();
    }

    private static void seedDeployment(KubernetesClient client, int d, int replicas) {
        String ns = "ns-" + (d % 50);
        String name = "svc-" + d;
        PodSpec spec = new PodSpecBuilder().withContainers(
                new ContainerBuilder().withName("app").withImage("registry.example/" + name + ":1.0." + d)
                        .withNewResources().addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("512Mi"))
                        .addToLimits("memory", new Quantity("1Gi")).endResources().build(),
                new ContainerBuilder().withName("istio-proxy").withImage("istio/proxyv2:1.24.0")
                        .withNewResources().addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("128Mi"))
                        .endResources().build()).build();
        HasMetadata dep = client.resource(new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("d-" + d)
                .addToLabels("app", name).addToLabels("team", "t" + d % 7).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withSpec(spec).endTemplate().endSpec().build()).create();
        HasMetadata rs = client.resource(new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName(name + "-5d8f7c9b4")
                .withUid("rs-" + d).withOwnerReferences(new OwnerReferenceBuilder().withKind("Deployment").withApiVersion("apps/v1")
                        .withName(name).withUid(dep.getMetadata().getUid()).withController(true).build()).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withSpec(spec).endTemplate().endSpec().build()).create();
        for (int p = 0; p < replicas; p++) {
            client.resource(new PodBuilder().withNewMetadata().withNamespace(ns).withName(name + "-5d8f7c9b4-" + p)
                    .addToLabels(Map.of("app", name, "pod-template-hash", "5d8f7c9b4"))
                    .withOwnerReferences(new OwnerReferenceBuilder().withKind("ReplicaSet").withApiVersion("apps/v1")
                            .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true).build())
                    .endMetadata().withSpec(new PodSpecBuilder(spec).withNodeName("node-" + (p + d) % 500).build())
                    .withNewStatus().withPhase("Running").withPodIP("10.0." + (p % 250) + "." + (d % 250)).endStatus().build()).create();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
