package dev.krr.collector.adapter.out.prometheus;

import dev.krr.collector.app.ClusterView;
import dev.krr.collector.app.UsageSource;
import dev.krr.collector.domain.ContainerResources;
import dev.krr.collector.domain.ContainerUsage;
import dev.krr.collector.domain.PodPlacement;
import dev.krr.collector.domain.TimeWindows;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads container usage from Prometheus with a handful of bulk range queries per time chunk,
 * grouped {@code by (namespace, pod, container)} — never one query per workload:
 * <ol>
 *   <li>CPU: {@code sum by (namespace,pod,container) (rate(container_cpu_usage_seconds_total{..}[W]))}
 *       at the step; the point at T is the sample of the step ending at T.</li>
 *   <li>Memory: {@code max by (..) (max_over_time(container_memory_working_set_bytes{..}[step]))},
 *       so a peak between two evaluation points is not missed.</li>
 *   <li>Counters, one query at the batch-window step: OOM kills (kube-state-metrics restarts whose
 *       last termination reason is OOMKilled) and cAdvisor's CFS periods, throttled periods and
 *       throttled seconds, told apart by a {@code krr_metric} label.</li>
 * </ol>
 * With a 12 h chunk a 14-day backfill is 28 × 3 = 84 queries, whatever the number of pods.
 * Setting a namespace batch size splits each chunk into namespace groups ({@code namespace=~"a|b"})
 * when one answer would be too large.
 *
 * <p>Bad samples: NaN and ±Inf CPU rates, and negative rates across counter resets, become gaps
 * (NaN), counted and logged once per chunk; they are never turned into zeros.
 */
public class PrometheusUsageSource implements UsageSource {

    /** Value of {@code UsageBatch.source}. */
    public static final String NAME = "prometheus";
    private static final Logger log = LoggerFactory.getLogger(PrometheusUsageSource.class);

    private final PrometheusClient client;
    private final ClusterView cluster;
    private final Duration step;
    private final Duration chunk;
    private final Duration cpuRateWindow;
    private final String clusterLabel;
    private final String clusterValue;
    private final int namespaceBatchSize;

    public PrometheusUsageSource(PrometheusClient client, ClusterView cluster, Duration step, Duration chunk,
            Duration cpuRateWindow, String clusterLabel, String clusterValue, int namespaceBatchSize) {
        this.client = client;
        this.cluster = cluster;
        this.step = step;
        this.chunk = chunk;
        this.cpuRateWindow = cpuRateWindow;
        this.clusterLabel = clusterLabel == null || clusterLabel.isBlank() ? null : clusterLabel;
        this.clusterValue = clusterValue;
        this.namespaceBatchSize = namespaceBatchSize;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration maxChunk() {
        return chunk;
    }

    public PrometheusClient client() {
        return client;
    }

    String selector(String namespaceRegex) {
        StringBuilder s = new StringBuilder("container!=\"\",container!=\"POD\",pod!=\"\"");
        if (clusterLabel != null) {
            s.append(',').append(clusterLabel).append("=\"").append(escape(clusterValue)).append('"');
        }
        if (namespaceRegex != null) {
            s.append(",namespace=~\"").append(escape(namespaceRegex)).append('"');
        }
        return "{" + s + "}";
    }

    String cpuQuery(String sel) {
        return "sum by (namespace,pod,container) (rate(container_cpu_usage_seconds_total" + sel + "[" + seconds(cpuRateWindow) + "]))";
    }

    String memoryQuery(String sel) {
        return "max by (namespace,pod,container) (max_over_time(container_memory_working_set_bytes" + sel + "[" + seconds(step) + "]))";
    }

    String countersQuery(String sel, Duration window) {
        String w = "[" + seconds(window) + "]";
        String oom = "sum by (namespace,pod,container) (increase(kube_pod_container_status_restarts_total" + sel + w + "))"
                + " * on (namespace,pod,container) group_left max by (namespace,pod,container) "
                + "(kube_pod_container_status_last_terminated_reason" + sel.replace("}", ",reason=\"OOMKilled\"}") + ")";
        return label(oom, "oom_kills")
                + " or " + label("sum by (namespace,pod,container) (increase(container_cpu_cfs_periods_total" + sel + w + "))", "periods")
                + " or " + label("sum by (namespace,pod,container) (increase(container_cpu_cfs_throttled_periods_total" + sel + w + "))", "throttled_periods")
                + " or " + label("sum by (namespace,pod,container) (increase(container_cpu_cfs_throttled_seconds_total" + sel + w + "))", "throttled_seconds");
    }

    private static String label(String expr, String name) {
        return "label_replace(" + expr + ", \"krr_metric\", \"" + name + "\", \"\", \"\")";
    }

    @Override
    public List<UsageWindow> read(Instant from, Instant to, Duration batchWindow) {
        int stepSeconds = (int) step.toSeconds();
        int steps = (int) (Duration.between(from, to).toSeconds() / stepSeconds);
        Map<Key, Series> series = new LinkedHashMap<>();
        BadData bad = new BadData();
        for (String nsRegex : namespaceBatches()) {
            String sel = selector(nsRegex);
            Instant first = from.plus(step);
            for (PrometheusSeries s : client.queryRange(cpuQuery(sel), first, to, step)) {
                Series target = series(series, s, steps);
                if (target == null) {
                    bad.unknownPods++;
                    continue;
                }
                for (int i = 0; i < s.timestampsMillis().length; i++) {
                    int idx = index(from, s.timestampsMillis()[i], stepSeconds);
                    if (idx < 0 || idx >= steps) {
                        continue;
                    }
                    double v = s.values()[i];
                    if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
                        bad.cpu++;
                        continue;
                    }
                    target.cpu[idx] = (float) v;
                }
            }
            for (PrometheusSeries s : client.queryRange(memoryQuery(sel), first, to, step)) {
                Series target = series(series, s, steps);
                if (target == null) {
                    continue;
                }
                for (int i = 0; i < s.timestampsMillis().length; i++) {
                    int idx = index(from, s.timestampsMillis()[i], stepSeconds);
                    if (idx < 0 || idx >= steps) {
                        continue;
                    }
                    double v = s.values()[i];
                    if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
                        bad.memory++;
                        continue;
                    }
                    target.memory[idx] = (long) v;
                }
            }
            readCounters(sel, from, to, batchWindow, series, bad);
        }
        if (bad.any()) {
            log.warn("Prometheus usage {}..{}: skipped {} CPU and {} memory samples that were NaN, infinite or negative "
                    + "(counter resets), and {} series of pods that belong to no known workload", from, to, bad.cpu, bad.memory, bad.unknownPods);
        }
        return windows(series, from, to, batchWindow, stepSeconds);
    }

    private void readCounters(String sel, Instant from, Instant to, Duration batchWindow, Map<Key, Series> series, BadData bad) {
        List<Instant[]> windows = TimeWindows.split(from, to, batchWindow);
        // Windows of one chunk are aligned and equally long except possibly the first/last (follow mode);
        // the counters are read per window end with the window's length.
        Map<Duration, List<Instant>> endsByLength = new LinkedHashMap<>();
        for (Instant[] w : windows) {
            endsByLength.computeIfAbsent(Duration.between(w[0], w[1]), d -> new ArrayList<>()).add(w[1]);
        }
        for (Map.Entry<Duration, List<Instant>> e : endsByLength.entrySet()) {
            List<Instant> ends = e.getValue();
            Duration length = e.getKey();
            List<PrometheusSeries> result = ends.size() == 1
                    ? client.query(countersQuery(sel, length), ends.get(0))
                    : client.queryRange(countersQuery(sel, length), ends.get(0), ends.get(ends.size() - 1), length);
            for (PrometheusSeries s : result) {
                Key key = key(s);
                Series target = key == null ? null : series.get(key);
                if (target == null) {
                    continue;
                }
                String metric = s.labels().getOrDefault("krr_metric", "");
                for (int i = 0; i < s.timestampsMillis().length; i++) {
                    double v = s.values()[i];
                    if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
                        bad.counters++;
                        continue;
                    }
                    Instant end = Instant.ofEpochMilli(s.timestampsMillis()[i]);
                    double[] c = target.counters.computeIfAbsent(end, k -> new double[4]);
                    switch (metric) {
                        case "oom_kills" -> c[0] += v;
                        case "periods" -> c[1] += v;
                        case "throttled_periods" -> c[2] += v;
                        case "throttled_seconds" -> c[3] += v;
                        default -> bad.counters++;
                    }
                }
            }
        }
    }

    private List<UsageWindow> windows(Map<Key, Series> series, Instant from, Instant to, Duration batchWindow, int stepSeconds) {
        Map<WorkloadId, Map<Instant[], List<ContainerUsage>>> byWorkload = new LinkedHashMap<>();
        List<Instant[]> windows = TimeWindows.split(from, to, batchWindow);
        Map<WorkloadId, WorkloadState> states = new HashMap<>();
        cluster.workloads().forEach(w -> states.put(w.id(), w));
        for (Series s : series.values()) {
            for (Instant[] w : windows) {
                int a = (int) (Duration.between(from, w[0]).toSeconds() / stepSeconds);
                int b = (int) (Duration.between(from, w[1]).toSeconds() / stepSeconds);
                float[] cpu = Arrays.copyOfRange(s.cpu, a, b);
                long[] mem = Arrays.copyOfRange(s.memory, a, b);
                long peak = -1;
                int memCount = 0;
                for (long m : mem) {
                    if (m >= 0) {
                        peak = Math.max(peak, m);
                        memCount++;
                    }
                }
                boolean anyCpu = false;
                for (float c : cpu) {
                    anyCpu |= !Float.isNaN(c);
                }
                if (!anyCpu && memCount == 0) {
                    continue;
                }
                double[] counters = s.counters.getOrDefault(w[1], new double[4]);
                int ooms = (int) Math.round(counters[0]);
                Long limitAtOom = ooms > 0 ? memoryLimit(states.get(s.workload), s.key.container) : null;
                ContainerUsage.Throttling throttling = counters[1] > 0
                        ? new ContainerUsage.Throttling(Math.round(counters[1]), Math.round(counters[2]), counters[3]) : null;
                ContainerUsage usage = new ContainerUsage(s.key.pod, s.key.container, s.node, stepSeconds, cpu, Math.max(peak, 0),
                        memCount == mem.length ? mem : null, memCount, ooms, limitAtOom, null, throttling);
                byWorkload.computeIfAbsent(s.workload, k -> new LinkedHashMap<>()).computeIfAbsent(w, k -> new ArrayList<>()).add(usage);
            }
        }
        List<UsageWindow> out = new ArrayList<>();
        byWorkload.forEach((id, perWindow) -> perWindow.forEach((w, containers) ->
                out.add(new UsageWindow(id, w[0], w[1], containers, NAME))));
        return out;
    }

    private static Long memoryLimit(WorkloadState state, String container) {
        if (state == null) {
            return null;
        }
        return state.containers().stream().filter(c -> c.name().equals(container)).map(ContainerResources::limits)
                .map(l -> l.memoryBytes()).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private List<String> namespaceBatches() {
        if (namespaceBatchSize <= 0) {
            return java.util.Collections.singletonList(null);
        }
        TreeSet<String> namespaces = new TreeSet<>();
        cluster.workloads().forEach(w -> namespaces.add(w.id().namespace()));
        List<String> batches = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String ns : namespaces) {
            current.add(ns);
            if (current.size() == namespaceBatchSize) {
                batches.add(String.join("|", current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            batches.add(String.join("|", current));
        }
        return batches;
    }

    private Series series(Map<Key, Series> all, PrometheusSeries s, int steps) {
        Key key = key(s);
        if (key == null) {
            return null;
        }
        Series existing = all.get(key);
        if (existing != null) {
            return existing;
        }
        Optional<WorkloadId> workload = cluster.workloadOfPod(key.namespace, key.pod);
        if (workload.isEmpty()) {
            return null;
        }
        String node = cluster.workloads().stream().filter(w -> w.id().equals(workload.get())).flatMap(w -> w.pods().stream())
                .filter(p -> p.pod().equals(key.pod)).map(PodPlacement::node).findFirst().orElse("");
        Series created = new Series(key, workload.get(), node, steps);
        all.put(key, created);
        return created;
    }

    private static Key key(PrometheusSeries s) {
        String ns = s.labels().get("namespace");
        String pod = s.labels().get("pod");
        String container = s.labels().get("container");
        if (ns == null || pod == null || container == null || ns.isEmpty() || pod.isEmpty() || container.isEmpty()) {
            return null;
        }
        return new Key(ns, pod, container);
    }

    private static int index(Instant from, long timestampMillis, int stepSeconds) {
        long offset = timestampMillis - from.toEpochMilli();
        return (int) Math.floorDiv(offset, stepSeconds * 1000L) - 1;
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private record Key(String namespace, String pod, String container) {
    }

    private static final class Series {
        final Key key;
        final WorkloadId workload;
        final String node;
        final float[] cpu;
        final long[] memory;
        final Map<Instant, double[]> counters = new HashMap<>();

        Series(Key key, WorkloadId workload, String node, int steps) {
            this.key = key;
            this.workload = workload;
            this.node = node;
            this.cpu = new float[steps];
            this.memory = new long[steps];
            Arrays.fill(cpu, Float.NaN);
            Arrays.fill(memory, -1);
        }
    }

    private static final class BadData {
        long cpu;
        long memory;
        long counters;
        long unknownPods;

        boolean any() {
            return cpu + memory + counters + unknownPods > 0;
        }
    }
}
