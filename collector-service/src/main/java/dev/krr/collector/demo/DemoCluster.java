package dev.krr.collector.demo;

import dev.krr.collector.domain.demo.DemoUsageProfile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small, realistic online shop for an empty cluster (fabric8's mock API server in CRUD mode in
 * {@code krr up} and in tests). The mock server runs no controllers, so this creates what
 * controllers would: ReplicaSets under Deployments, Jobs under the CronJob, and Running pods with
 * owner references and a node each.
 *
 * <p>What is in it, and what each part demonstrates:
 * <ul>
 *   <li>5 AWS nodes in us-east-1: m5.xlarge and r5.xlarge on demand, m5.2xlarge on demand,
 *       c5.2xlarge and m5.xlarge spot ({@code karpenter.sh/capacity-type}).</li>
 *   <li>{@code shop}: storefront (Deployment ×3, HPA on CPU 70 %, daily cycle with spikes),
 *       catalog (over-provisioned), cart (no limits), recommendations (memory hog near its limit),
 *       search (OOM-killed every 72 h), frontend-legacy (idle and over-provisioned),
 *       nightly-report (CronJob with one running Job).</li>
 *   <li>{@code payments}: payments-api (pods carry an injected {@code istio-proxy} that the
 *       template lacks), fraud-check (native sidecar), postgres (StatefulSet).</li>
 *   <li>{@code platform}: node-exporter and fluent-bit (DaemonSets, one pod per node).</li>
 * </ul>
 * Usage shapes are the pod-template annotations {@code demo.krr.dev/usage.<container>} read by the
 * demo usage source.
 */
public class DemoCluster {

    /** Namespaces the demo creates. */
    public static final List<String> NAMESPACES = List.of("shop", "payments", "platform");

    private record NodeSpec(String name, String instanceType, String zone, String capacityType, int cpu, int memoryGi,
            String instanceId) {
    }

    private static final List<NodeSpec> NODES = List.of(
            new NodeSpec("ip-10-0-1-11.ec2.internal", "m5.xlarge", "us-east-1a", "on-demand", 4, 16, "i-0a1b2c3d4e5f60011"),
            new NodeSpec("ip-10-0-1-12.ec2.internal", "m5.2xlarge", "us-east-1b", "on-demand", 8, 32, "i-0a1b2c3d4e5f60012"),
            new NodeSpec("ip-10-0-2-21.ec2.internal", "c5.2xlarge", "us-east-1a", "spot", 8, 16, "i-0a1b2c3d4e5f60021"),
            new NodeSpec("ip-10-0-2-22.ec2.internal", "m5.xlarge", "us-east-1c", "spot", 4, 16, "i-0a1b2c3d4e5f60022"),
            new NodeSpec("ip-10-0-3-31.ec2.internal", "r5.xlarge", "us-east-1b", "on-demand", 4, 32, "i-0a1b2c3d4e5f60031"));

    private final List<HasMetadata> created = new ArrayList<>();
    private int nextNode;

    /** Creates the whole shop through {@code client}; returns every object created, in order. */
    public List<HasMetadata> seed(KubernetesClient client) {
        created.clear();
        for (String ns : NAMESPACES) {
            create(client, new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build());
        }
        for (NodeSpec n : NODES) {
            create(client, node(n));
        }
        // shop
        deployment(client, "shop", "storefront", 3, pod(main("storefront", "ghcr.io/acme/storefront:4.2.1", "500m", "512Mi", "1", "1Gi"),
                Map.of("storefront", "cpu=150m..700m; mem=300Mi..450Mi; noise=0.15; spikes=2@1200m")));
        create(client, new HorizontalPodAutoscalerBuilder().withMetadata(meta("shop", "storefront", Map.of()))
                .withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("storefront")
                .endScaleTargetRef().withMinReplicas(3).withMaxReplicas(10)
                .addNewMetric().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                .withType("Utilization").withAverageUtilization(70).endTarget().endResource().endMetric()
                .endSpec().build());
        deployment(client, "shop", "catalog", 2, pod(main("catalog", "ghcr.io/acme/catalog:2.8.0", "1", "2Gi", "2", "2Gi"),
                Map.of("catalog", "cpu=40m..120m; mem=350Mi..420Mi")));
        deployment(client, "shop", "cart", 2, pod(main("cart", "ghcr.io/acme/cart:1.14.3", "250m", "256Mi", null, null),
                Map.of("cart", "cpu=80m..260m; mem=120Mi..180Mi; noise=0.2")));
        deployment(client, "shop", "recommendations", 1, pod(main("recommendations", "ghcr.io/acme/recs:0.9.7", "300m", "1Gi", "600m", "1200Mi"),
                Map.of("recommendations", "cpu=100m..280m; mem=1050Mi..1180Mi; noise=0.05")));
        deployment(client, "shop", "search", 2, pod(main("search", "ghcr.io/acme/search:3.1.0", "400m", "768Mi", "800m", "768Mi"),
                Map.of("search", "cpu=120m..450m; mem=500Mi..700Mi; oom-every=72h")));
        deployment(client, "shop", "frontend-legacy", 1, pod(main("frontend-legacy", "ghcr.io/acme/legacy-web:1.0.0", "2", "4Gi", "2", "4Gi"),
                Map.of("frontend-legacy", "cpu=5m..15m; mem=150Mi..170Mi; noise=0.05")));
        cronJob(client, "shop", "nightly-report", pod(main("report", "ghcr.io/acme/report:5.0.2", "500m", "512Mi", "1", "1Gi"),
                Map.of("report", "cpu=600m..900m; mem=250Mi..400Mi")));
        // payments
        Shape paymentsApi = pod(main("payments-api", "ghcr.io/acme/payments:7.3.0", "500m", "512Mi", "1", "768Mi"),
                Map.of("payments-api", "cpu=100m..350m; mem=260Mi..330Mi", "istio-proxy", "cpu=20m..60m; mem=60Mi..80Mi"));
        Container istio = main("istio-proxy", "docker.io/istio/proxyv2:1.24.0", "100m", "128Mi", "2", "1Gi");
        deployment(client, "payments", "payments-api", 2, paymentsApi, istio);
        Shape fraud = pod(main("fraud-check", "ghcr.io/acme/fraud:2.2.0", "750m", "1Gi", "1500m", "1Gi"),
                Map.of("fraud-check", "cpu=200m..650m; mem=400Mi..600Mi; spikes=4@1400m", "log-shipper", "cpu=10m..30m; mem=40Mi..50Mi"));
        Container shipper = main("log-shipper", "docker.io/fluent/fluent-bit:3.2", "50m", "64Mi", "100m", "128Mi");
        shipper.setRestartPolicy("Always");
        fraud.spec().setInitContainers(List.of(shipper));
        deployment(client, "payments", "fraud-check", 1, fraud);
        statefulSet(client, "payments", "postgres", 1, pod(main("postgres", "docker.io/library/postgres:17.2", "1", "4Gi", "2", "4Gi"),
                Map.of("postgres", "cpu=100m..600m; mem=2560Mi..3200Mi; noise=0.05")));
        // platform
        daemonSet(client, "platform", "node-exporter", pod(main("node-exporter", "quay.io/prometheus/node-exporter:v1.8.2", "50m", "64Mi", "100m", "128Mi"),
                Map.of("node-exporter", "cpu=8m..25m; mem=20Mi..30Mi")));
        daemonSet(client, "platform", "fluent-bit", pod(main("fluent-bit", "docker.io/fluent/fluent-bit:3.2", "100m", "128Mi", "200m", "256Mi"),
                Map.of("fluent-bit", "cpu=20m..90m; mem=60Mi..110Mi; spikes=1@300m")));
        return List.copyOf(created);
    }

    private <T extends HasMetadata> T create(KubernetesClient client, T obj) {
        T result = client.resource(obj).create();
        created.add(result);
        return result;
    }

    private static Node node(NodeSpec n) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", n.name());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("node.kubernetes.io/instance-type", n.instanceType());
        labels.put("topology.kubernetes.io/region", "us-east-1");
        labels.put("topology.kubernetes.io/zone", n.zone());
        labels.put("karpenter.sh/capacity-type", n.capacityType());
        labels.put("karpenter.sh/nodepool", n.capacityType().equals("spot") ? "spot" : "default");
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity(String.valueOf(n.cpu())), "memory",
                new Quantity(n.memoryGi() + "Gi"), "pods", new Quantity("58"), "ephemeral-storage", new Quantity("100Gi"));
        Map<String, Quantity> allocatable = Map.of("cpu", new Quantity((n.cpu() * 1000 - 80) + "m"), "memory",
                new Quantity((n.memoryGi() * 1024 - 700) + "Mi"), "pods", new Quantity("58"), "ephemeral-storage", new Quantity("95Gi"));
        return new NodeBuilder().withMetadata(new ObjectMetaBuilder().withName(n.name()).withUid(uid("node/" + n.name()))
                        .withLabels(labels).build())
                .withNewSpec().withProviderID("aws:///" + n.zone() + "/" + n.instanceId()).endSpec()
                .withNewStatus().withCapacity(capacity).withAllocatable(allocatable)
                .withNewNodeInfo().withOperatingSystem("linux").withArchitecture("amd64").withKubeletVersion("v1.31.4-eks-aeac579")
                .endNodeInfo().endStatus().build();
    }

    private static Container main(String name, String image, String cpuRequest, String memRequest, String cpuLimit, String memLimit) {
        ResourceRequirementsBuilder r = new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(cpuRequest)).addToRequests("memory", new Quantity(memRequest));
        if (cpuLimit != null) {
            r.addToLimits("cpu", new Quantity(cpuLimit));
        }
        if (memLimit != null) {
            r.addToLimits("memory", new Quantity(memLimit));
        }
        return new ContainerBuilder().withName(name).withImage(image).withResources(r.build()).build();
    }

    /** A pod spec with one main container and the demo usage profile of each container (by name). */
    private record Shape(PodSpec spec, Map<String, String> usage) {
    }

    private static Shape pod(Container main, Map<String, String> usage) {
        return new Shape(new PodSpecBuilder().withContainers(main).build(), usage);
    }

    private static PodTemplateSpec template(String app, Shape shape) {
        Map<String, String> annotations = new HashMap<>();
        shape.usage().forEach((c, p) -> annotations.put(DemoUsageProfile.ANNOTATION_PREFIX + c, p));
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", app)).withAnnotations(annotations)
                .endMetadata().withSpec(new PodSpecBuilder(shape.spec()).build()).build();
    }

    private void deployment(KubernetesClient client, String ns, String name, int replicas, Shape spec, Container... injected) {
        PodTemplateSpec t = template(name, spec);
        Map<String, String> labels = Map.of("app", name, "app.kubernetes.io/part-of", ns);
        var d = create(client, new DeploymentBuilder().withMetadata(meta(ns, name, labels))
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withTemplate(t).endSpec().build());
        String hash = shortHash(name, 10);
        String rsName = name + "-" + hash;
        var rs = create(client, new ReplicaSetBuilder().withMetadata(owned(ns, rsName, Map.of("app", name, "pod-template-hash", hash), d))
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", name, "pod-template-hash", hash))
                .endSelector().withTemplate(t).endSpec().build());
        for (int i = 0; i < replicas; i++) {
            runPod(client, ns, rsName + "-" + shortHash(rsName + i, 5), t, rs, nextNode(), injected);
        }
    }

    private void statefulSet(KubernetesClient client, String ns, String name, int replicas, Shape spec) {
        PodTemplateSpec t = template(name, spec);
        var s = create(client, new StatefulSetBuilder().withMetadata(meta(ns, name, Map.of("app", name)))
                .withNewSpec().withReplicas(replicas).withServiceName(name).withNewSelector().withMatchLabels(Map.of("app", name))
                .endSelector().withTemplate(t).endSpec().build());
        for (int i = 0; i < replicas; i++) {
            runPod(client, ns, name + "-" + i, t, s, nextNode());
        }
    }

    private void daemonSet(KubernetesClient client, String ns, String name, Shape spec) {
        PodTemplateSpec t = template(name, spec);
        var d = create(client, new DaemonSetBuilder().withMetadata(meta(ns, name, Map.of("app", name)))
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", name)).endSelector().withTemplate(t).endSpec()
                .withNewStatus().withDesiredNumberScheduled(NODES.size()).withCurrentNumberScheduled(NODES.size())
                .withNumberReady(NODES.size()).withNumberMisscheduled(0).endStatus().build());
        for (NodeSpec n : NODES) {
            runPod(client, ns, name + "-" + shortHash(name + n.name(), 5), t, d, n.name());
        }
    }

    private void cronJob(KubernetesClient client, String ns, String name, Shape spec) {
        PodTemplateSpec t = template(name, spec);
        t.getSpec().setRestartPolicy("OnFailure");
        var c = create(client, new CronJobBuilder().withMetadata(meta(ns, name, Map.of("app", name)))
                .withNewSpec().withSchedule("0 2 * * *").withNewJobTemplate().withNewSpec().withTemplate(t).endSpec()
                .endJobTemplate().endSpec().build());
        String jobName = name + "-29433720";
        var job = create(client, new JobBuilder().withMetadata(owned(ns, jobName, Map.of("app", name), c))
                .withNewSpec().withParallelism(1).withCompletions(1).withTemplate(t).endSpec().build());
        runPod(client, ns, jobName + "-" + shortHash(jobName, 5), t, job, nextNode());
    }

    private void runPod(KubernetesClient client, String ns, String podName, PodTemplateSpec t, HasMetadata owner, String node,
            Container... injected) {
        PodSpec spec = new PodSpecBuilder(t.getSpec()).withNodeName(node).build();
        List<Container> containers = new ArrayList<>(spec.getContainers());
        containers.addAll(List.of(injected));
        spec.setContainers(containers);
        Map<String, String> labels = new HashMap<>(t.getMetadata().getLabels());
        ObjectMeta m = owned(ns, podName, labels, owner);
        m.setAnnotations(t.getMetadata().getAnnotations());
        Pod pod = new PodBuilder().withMetadata(m).withSpec(spec).withNewStatus().withPhase("Running")
                .withHostIP("10.0.0.1").withPodIP("10.1." + (created.size() % 250) + ".10").endStatus().build();
        create(client, pod);
    }

    private String nextNode() {
        return NODES.get(nextNode++ % NODES.size()).name();
    }

    private static ObjectMeta meta(String ns, String name, Map<String, String> labels) {
        return new ObjectMetaBuilder().withNamespace(ns).withName(name).withLabels(labels)
                .withUid(uid(ns + "/" + name)).build();
    }

    private static ObjectMeta owned(String ns, String name, Map<String, String> labels, HasMetadata owner) {
        OwnerReference ref = new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
        ObjectMeta m = meta(ns, name, labels);
        m.setOwnerReferences(List.of(ref));
        return m;
    }

    private static String uid(String name) {
        return UUID.nameUUIDFromBytes(("krr-demo/" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Kubernetes-style random-looking suffix, stable for a name: lower-case consonants and digits. */
    static String shortHash(String seed, int length) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        long h = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt((int) Math.floorMod(h, alphabet.length())));
            h = h / alphabet.length() + 0x9E3779B97F4A7C15L * (i + 1);
        }
        return sb.toString();
    }
}
