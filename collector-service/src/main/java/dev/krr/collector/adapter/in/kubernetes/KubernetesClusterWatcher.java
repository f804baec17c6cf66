package dev.krr.collector.adapter.in.kubernetes;

import dev.krr.collector.app.ClusterView;
import dev.krr.collector.app.SnapshotService;
import dev.krr.collector.domain.ContainerResources;
import dev.krr.collector.domain.HpaTarget;
import dev.krr.collector.domain.KubeletEndpoint;
import dev.krr.collector.domain.NodeState;
import dev.krr.collector.domain.OomKill;
import dev.krr.collector.domain.OwnerChain;
import dev.krr.collector.domain.OwnerRef;
import dev.krr.collector.domain.PodPlacement;
import dev.krr.collector.domain.WorkloadFilter;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the cluster with fabric8 informers and keeps the workload and node snapshots current.
 *
 * <p>Informer callbacks only record what became dirty; every computation runs on one
 * "krr-discovery" thread, so the pod→workload index needs no locks and each dirty workload is
 * recomputed from the informer caches once per burst of events. The first run after every
 * informer has synced is the full resync ({@link SnapshotService#resync}).
 */
public class KubernetesClusterWatcher implements ClusterView, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesClusterWatcher.class);
    static final String ROLLOUT = "Rollout";
    static final String ROLLOUT_API = "argoproj.io/v1alpha1";
    private static final Set<String> WATCHED_CONTROLLERS =
            Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", ROLLOUT);
    private static final Set<String> PUBLISHED_ANNOTATION_PREFIXES = Set.of("krr.dev/");
    private static final Set<String> TEMPLATE_ANNOTATION_PREFIXES = Set.of("krr.dev/", "demo.krr.dev/");

    private final KubernetesClient client;
    private final SnapshotService snapshots;
    private final WorkloadFilter filter;
    private final OwnerChain chain;
    private final KubernetesResourceMapper mapper = new KubernetesResourceMapper();
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "krr-discovery");
        t.setDaemon(true);
        return t;
    });
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<StatefulSet> statefulSets;
    private SharedIndexInformer<DaemonSet> daemonSets;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Job> jobs;
    private SharedIndexInformer<CronJob> cronJobs;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;
    private volatile List<String> kubeletAddressTypes = List.of("InternalIP", "Hostname", "ExternalIP");
    private SharedIndexInformer<HorizontalPodAutoscaler> hpas;
    private SharedIndexInformer<GenericKubernetesResource> rollouts;

    // Owned by the discovery thread.
    private final Set<WorkloadId> dirtyWorkloads = new LinkedHashSet<>();
    private final Set<String> dirtyNodes = new LinkedHashSet<>();
    private final Map<WorkloadId, Set<String>> podsOfWorkload = new HashMap<>();
    private boolean flushScheduled;

    // Read by usage sources on other threads.
    private final Map<String, WorkloadId> workloadOfPodKey = new ConcurrentHashMap<>();
    private final Map<WorkloadId, WorkloadState> current = new ConcurrentHashMap<>();
    private volatile boolean ready;

    public KubernetesClusterWatcher(KubernetesClient client, SnapshotService snapshots, WorkloadFilter filter,
            OwnerChain chain) {
        this.client = client;
        this.snapshots = snapshots;
        this.filter = filter;
        this.chain = chain;
    }

    /** Starts every informer, waits for their initial lists, then resyncs the topics. */
    public void start() {
        deployments = watch(client.apps().deployments().inAnyNamespace().runnableInformer(0), this::onWorkloadObject);
        statefulSets = watch(client.apps().statefulSets().inAnyNamespace().runnableInformer(0), this::onWorkloadObject);
        daemonSets = watch(client.apps().daemonSets().inAnyNamespace().runnableInformer(0), this::onWorkloadObject);
        replicaSets = watch(client.apps().replicaSets().inAnyNamespace().runnableInformer(0), this::onWorkloadObject);
        jobs = watch(client.batch().v1().jobs().inAnyNamespace().runnableInformer(0), this::onWorkloadObject);
        cronJobs = watch(client.batch().v1().cronjobs().inAnyNamespace().runnableInformer(0), this::onWorkloadObject);
        hpas = watch(client.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace().runnableInformer(0), this::onHpa);
        pods = watch(client.pods().inAnyNamespace().runnableInformer(0), this::onPod);
        nodes = watch(client.nodes().runnableInformer(0), n -> dirtyNodes.add(n.getMetadata().getName()));
        if (rolloutsAvailable()) {
            rollouts = watch(client.genericKubernetesResources(ROLLOUT_API, ROLLOUT).inAnyNamespace().runnableInformer(0),
                    this::onWorkloadObject);
        } else {
            log.info("Argo Rollouts API ({}) not present in this cluster: Rollouts are not watched", ROLLOUT_API);
        }
        CompletableFuture<?>[] started = informers.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(started).join();
        CompletableFuture.runAsync(this::initialResync, loop).join();
        log.info("cluster discovery ready: {} workloads, {} nodes", current.size(), nodes.getStore().list().size());
    }

    private boolean rolloutsAvailable() {
        try {
            return client.supports(ROLLOUT_API, ROLLOUT);
        } catch (RuntimeException e) {
            log.info("could not discover the Argo Rollouts API ({}): {}", ROLLOUT_API, e.getMessage());
            return false;
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> watch(SharedIndexInformer<T> informer, Consumer<T> onChange) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                submit(() -> onChange.accept(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                submit(() -> onChange.accept(newObj));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                submit(() -> onChange.accept(obj));
            }
        });
        informers.add(informer);
        return informer;
    }

    private void submit(Runnable change) {
        loop.execute(() -> {
            try {
                change.run();
                if (ready && !flushScheduled) {
                    flushScheduled = true;
                    loop.execute(this::flush);
                }
            } catch (RuntimeException e) {
                log.warn("could not process a cluster event: {}", e.toString(), e);
            }
        });
    }

    // ---- event handlers (discovery thread) ----

    private void onWorkloadObject(HasMetadata obj) {
        ObjectMeta m = obj.getMetadata();
        if (!filter.acceptsNamespace(m.getNamespace())) {
            return;
        }
        dirtyWorkloads.add(resolve(m.getNamespace(), new OwnerRef(kindOf(obj), m.getName(), m.getUid())));
        if (obj instanceof ReplicaSet || obj instanceof Job) {
            // Pods seen before their ReplicaSet/Job (informers sync independently) were attributed to a
            // shorter chain; attribute them again now that the middle link is known.
            for (Pod pod : pods.getStore().list()) {
                OwnerReference c = m.getNamespace().equals(pod.getMetadata().getNamespace()) ? controllerOf(pod.getMetadata()) : null;
                if (c != null && c.getKind().equals(kindOf(obj)) && c.getName().equals(m.getName())) {
                    onPod(pod);
                }
            }
        }
    }

    private void onHpa(HorizontalPodAutoscaler hpa) {
        WorkloadId target = hpaTarget(hpa);
        if (target != null) {
            dirtyWorkloads.add(target);
        }
    }

    private void onPod(Pod pod) {
        ObjectMeta m = pod.getMetadata();
        if (!filter.acceptsNamespace(m.getNamespace())) {
            return;
        }
        String key = m.getNamespace() + "/" + m.getName();
        WorkloadId before = workloadOfPodKey.get(key);
        boolean exists = pods.getStore().getByKey(key) != null;
        OwnerReference controller = controllerOf(m);
        WorkloadId after = exists && controller != null
                ? resolve(m.getNamespace(), new OwnerRef(controller.getKind(), controller.getName(), controller.getUid()))
                : null;
        if (before != null && !before.equals(after)) {
            Set<String> set = podsOfWorkload.get(before);
            if (set != null) {
                set.remove(m.getName());
                if (set.isEmpty()) {
                    podsOfWorkload.remove(before);
                }
            }
            workloadOfPodKey.remove(key);
            dirtyWorkloads.add(before);
        }
        if (after != null) {
            podsOfWorkload.computeIfAbsent(after, k -> new HashSet<>()).add(m.getName());
            workloadOfPodKey.put(key, after);
            dirtyWorkloads.add(after);
        }
    }

    // ---- computing states (discovery thread) ----

    private void initialResync() {
        // Every informer has synced now: attribute every pod again with the complete owner chains.
        podsOfWorkload.clear();
        workloadOfPodKey.clear();
        pods.getStore().list().forEach(this::onPod);
        Set<WorkloadId> ids = new LinkedHashSet<>(topLevelWorkloads());
        ids.addAll(podsOfWorkload.keySet());
        List<WorkloadState> states = new ArrayList<>();
        for (WorkloadId id : ids) {
            compute(id).ifPresent(s -> {
                states.add(s);
                current.put(id, s);
            });
        }
        List<NodeState> nodeStates = nodes.getStore().list().stream().map(mapper::node).toList();
        snapshots.resync(states, nodeStates);
        dirtyWorkloads.clear();
        dirtyNodes.clear();
        ready = true;
    }

    private void flush() {
        flushScheduled = false;
        for (WorkloadId id : List.copyOf(dirtyWorkloads)) {
            Optional<WorkloadState> state = compute(id);
            if (state.isPresent()) {
                current.put(id, state.get());
                snapshots.workloadChanged(state.get());
            } else {
                current.remove(id);
                snapshots.workloadGone(id);
            }
        }
        dirtyWorkloads.clear();
        for (String name : List.copyOf(dirtyNodes)) {
            Node node = nodes.getStore().getByKey(name);
            if (node == null) {
                snapshots.nodeGone(name);
            } else {
                snapshots.nodeChanged(mapper.node(node));
            }
        }
        dirtyNodes.clear();
    }

    private List<WorkloadId> topLevelWorkloads() {
        List<WorkloadId> ids = new ArrayList<>();
        for (SharedIndexInformer<? extends HasMetadata> inf : workloadInformers()) {
            for (HasMetadata o : inf.getStore().list()) {
                ObjectMeta m = o.getMetadata();
                if (filter.acceptsNamespace(m.getNamespace())) {
                    ids.add(resolve(m.getNamespace(), new OwnerRef(kindOf(o), m.getName(), m.getUid())));
                }
            }
        }
        return ids.stream().distinct().toList();
    }

    private List<SharedIndexInformer<? extends HasMetadata>> workloadInformers() {
        List<SharedIndexInformer<? extends HasMetadata>> list = new ArrayList<>(
                List.of(deployments, statefulSets, daemonSets, replicaSets, jobs, cronJobs));
        if (rollouts != null) {
            list.add(rollouts);
        }
        return list;
    }

    Optional<WorkloadState> compute(WorkloadId id) {
        String key = id.namespace() + "/" + id.name();
        List<Pod> livePods = podsOfWorkload.getOrDefault(id, Set.of()).stream()
                .map(p -> pods.getStore().getByKey(id.namespace() + "/" + p)).filter(Objects::nonNull)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        HasMetadata obj;
        PodTemplateSpec template;
        int replicas;
        switch (id.kind()) {
            case "Deployment" -> {
                Deployment d = deployments.getStore().getByKey(key);
                obj = d;
                template = d == null ? null : d.getSpec().getTemplate();
                replicas = d == null ? 0 : orDefault(d.getSpec().getReplicas(), 1);
            }
            case "StatefulSet" -> {
                StatefulSet s = statefulSets.getStore().getByKey(key);
                obj = s;
                template = s == null ? null : s.getSpec().getTemplate();
                replicas = s == null ? 0 : orDefault(s.getSpec().getReplicas(), 1);
            }
            case "DaemonSet" -> {
                DaemonSet s = daemonSets.getStore().getByKey(key);
                obj = s;
                template = s == null ? null : s.getSpec().getTemplate();
                replicas = s == null ? 0 : s.getStatus() != null && s.getStatus().getDesiredNumberScheduled() != null
                        && s.getStatus().getDesiredNumberScheduled() > 0 ? s.getStatus().getDesiredNumberScheduled() : livePods.size();
            }
            case "ReplicaSet" -> {
                ReplicaSet s = replicaSets.getStore().getByKey(key);
                obj = s;
                template = s == null ? null : s.getSpec().getTemplate();
                replicas = s == null ? 0 : orDefault(s.getSpec().getReplicas(), 1);
            }
            case "Job" -> {
                Job j = jobs.getStore().getByKey(key);
                obj = j;
                template = j == null ? null : j.getSpec().getTemplate();
                replicas = j == null ? 0 : orDefault(j.getSpec().getParallelism(), 1);
            }
            case "CronJob" -> {
                CronJob c = cronJobs.getStore().getByKey(key);
                obj = c;
                template = c == null ? null : c.getSpec().getJobTemplate().getSpec().getTemplate();
                replicas = c == null ? 0 : orDefault(c.getSpec().getJobTemplate().getSpec().getParallelism(), 1);
            }
            case OwnerChain.GROUPED_JOB -> {
                Job newest = groupedJobs(id).stream()
                        .max(Comparator.comparing(j -> Objects.toString(j.getMetadata().getCreationTimestamp(), ""))).orElse(null);
                obj = newest;
                template = newest == null ? null : newest.getSpec().getTemplate();
                replicas = newest == null ? 0 : orDefault(newest.getSpec().getParallelism(), 1);
            }
            case ROLLOUT -> {
                GenericKubernetesResource r = rollouts == null ? null : rollouts.getStore().getByKey(key);
                obj = r;
                template = r == null ? null : rolloutTemplate(r);
                Object reps = r == null ? null : r.get("spec", "replicas");
                replicas = reps instanceof Number n ? n.intValue() : 1;
            }
            default -> {
                // A controller krr does not watch (e.g. a StrimziPodSet): described by its live pods.
                Pod first = livePods.isEmpty() ? null : livePods.get(0);
                obj = first;
                template = first == null ? null : new PodTemplateSpec(first.getMetadata(), first.getSpec());
                replicas = livePods.size();
            }
        }
        if (obj == null || template == null) {
            return Optional.empty();
        }
        ObjectMeta m = obj.getMetadata();
        Map<String, String> labels = m.getLabels() == null ? Map.of() : m.getLabels();
        if (!filter.accepts(id, labels)) {
            return Optional.empty();
        }
        String where = "workload " + id;
        List<ContainerResources> containers = new ArrayList<>(mapper.containers(where, template.getSpec()));
        containers.addAll(mapper.injected(where, containers, livePods));
        List<PodPlacement> placements = livePods.stream()
                .map(p -> new PodPlacement(p.getMetadata().getName(),
                        p.getSpec() == null ? "" : Objects.toString(p.getSpec().getNodeName(), ""),
                        p.getStatus() == null ? "" : Objects.toString(p.getStatus().getPhase(), "")))
                .toList();
        Map<String, String> templateAnnotations = template.getMetadata() == null ? Map.of()
                : prefixed(template.getMetadata().getAnnotations(), TEMPLATE_ANNOTATION_PREFIXES);
        OwnerReference owner = id.kind().equals(OwnerChain.GROUPED_JOB) ? null : controllerOf(m);
        boolean ownerIsPod = obj instanceof Pod;
        return Optional.of(new WorkloadState(id, ownerIsPod ? "" : Objects.toString(m.getUid(), ""), labels,
                prefixed(m.getAnnotations(), PUBLISHED_ANNOTATION_PREFIXES), templateAnnotations,
                owner == null || ownerIsPod ? null : new OwnerRef(owner.getKind(), owner.getName(), owner.getUid()),
                replicas, containers, hpaFor(id), placements, created(m)));
    }

    private List<Job> groupedJobs(WorkloadId id) {
        List<Job> out = new ArrayList<>();
        for (Job j : jobs.getStore().list()) {
            if (j.getMetadata().getNamespace().equals(id.namespace())
                    && resolve(id.namespace(), new OwnerRef("Job", j.getMetadata().getName(), j.getMetadata().getUid())).equals(id)) {
                out.add(j);
            }
        }
        return out;
    }

    private PodTemplateSpec rolloutTemplate(GenericKubernetesResource r) {
        Object t = r.get("spec", "template");
        if (t == null) {
            return null;
        }
        return client.getKubernetesSerialization().convertValue(t, PodTemplateSpec.class);
    }

    private HpaTarget hpaFor(WorkloadId id) {
        for (HorizontalPodAutoscaler h : hpas.getStore().list()) {
            if (id.equals(hpaTarget(h))) {
                boolean cpu = false;
                boolean mem = false;
                Integer cpuPct = null;
                Integer memPct = null;
                List<String> other = new ArrayList<>();
                for (MetricSpec ms : h.getSpec().getMetrics() == null ? List.<MetricSpec>of() : h.getSpec().getMetrics()) {
                    if (ms.getResource() != null && "cpu".equals(ms.getResource().getName())) {
                        cpu = true;
                        cpuPct = ms.getResource().getTarget() == null ? null : ms.getResource().getTarget().getAverageUtilization();
                    } else if (ms.getResource() != null && "memory".equals(ms.getResource().getName())) {
                        mem = true;
                        memPct = ms.getResource().getTarget() == null ? null : ms.getResource().getTarget().getAverageUtilization();
                    } else if (ms.getContainerResource() != null) {
                        cpu |= "cpu".equals(ms.getContainerResource().getName());
                        mem |= "memory".equals(ms.getContainerResource().getName());
                    } else if (ms.getPods() != null && ms.getPods().getMetric() != null) {
                        other.add(ms.getPods().getMetric().getName());
                    } else if (ms.getExternal() != null && ms.getExternal().getMetric() != null) {
                        other.add(ms.getExternal().getMetric().getName());
                    } else if (ms.getObject() != null && ms.getObject().getMetric() != null) {
                        other.add(ms.getObject().getMetric().getName());
                    }
                }
                return new HpaTarget(h.getMetadata().getName(), orDefault(h.getSpec().getMinReplicas(), 1),
                        orDefault(h.getSpec().getMaxReplicas(), 1), cpu, mem, cpuPct, memPct, other);
            }
        }
        return null;
    }

    private WorkloadId hpaTarget(HorizontalPodAutoscaler h) {
        if (h.getSpec() == null || h.getSpec().getScaleTargetRef() == null) {
            return null;
        }
        var ref = h.getSpec().getScaleTargetRef();
        return resolve(h.getMetadata().getNamespace(), new OwnerRef(ref.getKind(), ref.getName(), ""));
    }

    private WorkloadId resolve(String namespace, OwnerRef ref) {
        return chain.resolve(namespace, ref, r -> link(namespace, r));
    }

    private Optional<OwnerChain.Link> link(String namespace, OwnerRef ref) {
        String key = namespace + "/" + ref.name();
        HasMetadata obj = switch (ref.kind()) {
            case "Deployment" -> deployments.getStore().getByKey(key);
            case "StatefulSet" -> statefulSets.getStore().getByKey(key);
            case "DaemonSet" -> daemonSets.getStore().getByKey(key);
            case "ReplicaSet" -> replicaSets.getStore().getByKey(key);
            case "Job" -> jobs.getStore().getByKey(key);
            case "CronJob" -> cronJobs.getStore().getByKey(key);
            case ROLLOUT -> rollouts == null ? null : rollouts.getStore().getByKey(key);
            default -> null;
        };
        if (obj == null) {
            return Optional.empty();
        }
        OwnerReference c = controllerOf(obj.getMetadata());
        Optional<OwnerRef> parent = c != null && WATCHED_CONTROLLERS.contains(c.getKind())
                ? Optional.of(new OwnerRef(c.getKind(), c.getName(), c.getUid())) : Optional.empty();
        return Optional.of(new OwnerChain.Link(ref, parent, obj.getMetadata().getLabels() == null ? Map.of() : obj.getMetadata().getLabels()));
    }

    private static String kindOf(HasMetadata obj) {
        if (obj instanceof GenericKubernetesResource) {
            return ROLLOUT;
        }
        return obj.getKind() != null ? obj.getKind() : HasMetadata.getKind(obj.getClass());
    }

    private static OwnerReference controllerOf(ObjectMeta m) {
        if (m.getOwnerReferences() == null) {
            return null;
        }
        return m.getOwnerReferences().stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst()
                .orElse(m.getOwnerReferences().isEmpty() ? null : m.getOwnerReferences().get(0));
    }

    private static Map<String, String> prefixed(Map<String, String> annotations, Set<String> prefixes) {
        if (annotations == null) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        annotations.forEach((k, v) -> {
            if (prefixes.stream().anyMatch(k::startsWith)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static Instant created(ObjectMeta m) {
        try {
            return m.getCreationTimestamp() == null ? null : Instant.parse(m.getCreationTimestamp());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    // ---- ClusterView (any thread) ----

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public Collection<WorkloadState> workloads() {
        return List.copyOf(current.values());
    }

    @Override
    public Optional<WorkloadId> workloadOfPod(String namespace, String pod) {
        WorkloadId live = workloadOfPodKey.get(namespace + "/" + pod);
        if (live != null) {
            return Optional.of(live);
        }
        WorkloadId best = null;
        for (WorkloadId id : current.keySet()) {
            if (id.namespace().equals(namespace) && pod.startsWith(id.name() + "-")
                    && (best == null || id.name().length() > best.name().length())) {
                best = id;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public List<OomKill> oomKills(WorkloadId workload) {
        WorkloadState state = current.get(workload);
        if (state == null || pods == null) {
            return List.of();
        }
        List<OomKill> out = new ArrayList<>();
        for (PodPlacement placement : state.pods()) {
            Pod pod = pods.getStore().getByKey(workload.namespace() + "/" + placement.pod());
            if (pod == null || pod.getStatus() == null) {
                continue;
            }
            List<ContainerStatus> statuses = new ArrayList<>();
            if (pod.getStatus().getContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getContainerStatuses());
            }
            if (pod.getStatus().getInitContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getInitContainerStatuses());
            }
            for (ContainerStatus cs : statuses) {
                var terminated = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
                if (terminated == null || !"OOMKilled".equals(terminated.getReason()) || terminated.getFinishedAt() == null) {
                    continue;
                }
                try {
                    Instant at = Instant.parse(terminated.getFinishedAt());
                    Long limit = state.containers().stream().filter(c -> c.name().equals(cs.getName()))
                            .map(c -> c.limits().memoryBytes()).filter(Objects::nonNull).findFirst().orElse(null);
                    out.add(new OomKill(placement.pod(), cs.getName(), at, limit));
                } catch (RuntimeException e) {
                    log.debug("pod {} container {}: unreadable finishedAt '{}'", placement.pod(), cs.getName(), terminated.getFinishedAt());
                }
            }
        }
        return out;
    }

    /**
     * Node address types in order of preference for {@link #kubelets()}; InternalIP first because
     * that is the address the kubelet's serving certificate and the cluster network are built for.
     */
    public void kubeletAddressTypes(List<String> preference) {
        this.kubeletAddressTypes = List.copyOf(preference);
    }

    @Override
    public List<KubeletEndpoint> kubelets() {
        if (nodes == null) {
            return List.of();
        }
        List<KubeletEndpoint> out = new ArrayList<>();
        for (Node node : nodes.getStore().list()) {
            String name = node.getMetadata().getName();
            String address = null;
            var status = node.getStatus();
            if (status != null && status.getAddresses() != null) {
                for (String type : kubeletAddressTypes) {
                    address = status.getAddresses().stream().filter(a -> type.equals(a.getType()) && a.getAddress() != null
                            && !a.getAddress().isBlank()).map(a -> a.getAddress()).findFirst().orElse(null);
                    if (address != null) {
                        break;
                    }
                }
            }
            Integer port = status == null || status.getDaemonEndpoints() == null
                    || status.getDaemonEndpoints().getKubeletEndpoint() == null ? null
                    : status.getDaemonEndpoints().getKubeletEndpoint().getPort();
            out.add(new KubeletEndpoint(name, address == null ? "" : address, port == null || port <= 0 ? 10250 : port));
        }
        out.sort(java.util.Comparator.comparing(KubeletEndpoint::node));
        return out;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
