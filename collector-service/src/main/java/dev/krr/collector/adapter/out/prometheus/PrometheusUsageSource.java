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
 * Reads container usage from Prometheus with three bulk range queries per time chunk, grouped
 * {@code by (namespace, pod, container)} — never one query per workload:
 * <ol>
 *   <li>CPU: the raw counter {@code max by (..) (container_cpu_usage_seconds_total{..})} at every
 *       step boundary, turned into cores per step here (difference / step, resets handled).</li>
 *   <li>Memory: the peak per step,
 *       {@code max by (..) (max_over_time(container_memory_working_set_bytes{..}[step]))}, which
 *       keeps peaks between evaluation points.</li>
 *   <li>Counters, at the batch-window step: OOM kills (kube-state-metrics restarts whose last
 *       termination reason is OOMKilled) and cAdvisor's CFS periods, throttled periods and
 *       throttled seconds. In follow mode only the window that closes a batch window asks for them.</li>
 * </ol>
 * With a 12 h chunk a 14-day backfill is 28 × 3 = 84 queries, whatever the number of pods; following
 * every minute costs two queries a minute plus one an hour. Setting a namespace batch size splits
 * each chunk into namespace groups ({@code namespace=~"a|b"}) when one answer would be too large.
 *
 * <p>Bad samples: NaN and ±Inf values become gaps (NaN), counted and logged once per chunk; a
 * counter that goes down is a restart, never a negative rate; nothing is turned into zero.
 */
public class PrometheusUsageSource implements UsageSource {

    /** Value of {@code UsageBatch.source}. */
    public static final String NAME = "prometheus";
    private static final Logger log = LoggerFactory.getLogger(PrometheusUsageSource.class);

    private final PrometheusClient client;
    private final ClusterView cluster;
    private final Duration step;
    private final Duration chunk;
    private final String clusterLabel;
    private final String clusterValue;
    private final int namespaceBatchSize;

    public PrometheusUsageSource(PrometheusClient client, ClusterView cluster, Duration step, Duration chunk,
            String clusterLabel, String clusterValue, int namespaceBatchSize) {
        this.client = client;
        this.cluster = cluster;
        this.step = step;
        this.chunk = chunk;
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

    /**
     * The raw CPU counter (no {@code rate}: a lookup per step is the cheapest thing Prometheus can
     * evaluate); {@code max} rather than {@code sum} keeps duplicate scrapes of one container from
     * adding up. No {@code label_replace}/{@code or} here: evaluated at every step they would cost
     * Prometheus more than the lookups themselves.
     */
    String cpuQuery(String sel) {
        return "max by (namespace,pod,container) (container_cpu_usage_seconds_total" + sel + ")";
    }

    /** The memory peak of every step, so peaks between evaluation points are kept. */
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
            // The CPU counter at every step boundary from..to (steps + 1 points) ...
            for (PrometheusSeries s : client.queryRange(cpuQuery(sel), from, to, step)) {
                Series target = series(series, s, steps);
                if (target == null) {
                    bad.unknownPods++;
                    continue;
                }
                cpuFromCounter(from, stepSeconds, s, target, bad);
            }
            // ... and the memory peak of every step (points from+step..to).
            for (PrometheusSeries s : client.queryRange(memoryQuery(sel), from.plus(step), to, step)) {
                Series target = series(series, s, steps);
                if (target != null) {
                    memoryPeaks(from, stepSeconds, s, target, bad);
                }
            }
            readCounters(sel, from, to, batchWindow, series, bad);
        }
        if (bad.any()) {
            log.warn("Prometheus usage {}..{}: skipped {} CPU and {} memory samples that were NaN, infinite or negative, "
                    + "saw {} counter resets, and skipped {} series of pods that belong to no known workload", from, to, bad.cpu,
                    bad.memory, bad.resets, bad.unknownPods);
        }
        return windows(series, from, to, batchWindow, stepSeconds);
    }

    /**
     * CPU cores of step i = (counter(from + (i+1)·step) − counter(from + i·step)) / step. A counter
     * that went down restarted from zero (container restart): the step gets {@code counter / step},
     * as Prometheus' own reset handling assumes. E.g. 1,200.0 s then 1,215.0 s a minute later is
     * 15 / 60 = 0.25 cores.
     */
    private static void cpuFromCounter(Instant from, int stepSeconds, PrometheusSeries s, Series target, BadData bad) {
        long[] ts = s.timestampsMillis();
        double[] vs = s.values();
        for (int i = 1; i < ts.length; i++) {
            if (ts[i] - ts[i - 1] != stepSeconds * 1000L) {
                continue;
            }
            int idx = index(from, ts[i], stepSeconds);
            if (idx < 0 || idx >= target.cpu.length) {
                continue;
            }
            double prev = vs[i - 1];
            double cur = vs[i];
            if (!Double.isFinite(prev) || !Double.isFinite(cur) || cur < 0) {
                bad.cpu++;
                continue;
            }
            double delta = cur - prev;
            if (delta < 0) {
                bad.resets++;
                delta = cur;
            }
            target.cpu[idx] = (float) (delta / stepSeconds);
        }
    }

    private static void memoryPeaks(Instant from, int stepSeconds, PrometheusSeries s, Series target, BadData bad) {
        for (int i = 0; i < s.timestampsMillis().length; i++) {
            int idx = index(from, s.timestampsMillis()[i], stepSeconds);
            if (idx < 0 || idx >= target.memory.length) {
                continue;
            }
            double v = s.values()[i];
            if (!Double.isFinite(v) || v < 0) {
                bad.memory++;
                continue;
            }
            target.memory[idx] = (long) v;
        }
    }

    private void readCounters(String sel, Instant from, Instant to, Duration batchWindow, Map<Key, Series> series, BadData bad) {
        List<Instant[]> windows = TimeWindows.split(from, to, batchWindow);
        // Windows of one chunk are aligned and equally long except possibly the first/last (follow mode);
        // the counters are read per window end with the window's length.
        Map<Duration, List<Instant>> endsByLength = new LinkedHashMap<>();
        for (Instant[] w : windows) {
            Duration length = Duration.between(w[0], w[1]);
            if (length.equals(batchWindow)) {
                endsByLength.computeIfAbsent(length, d -> new ArrayList<>()).add(w[1]);
            } else if (TimeWindows.floor(w[1], batchWindow).equals(w[1])) {
                // A short (follow-mode) window that closes a batch window carries the whole batch window's counters,
                // so OOM kills and throttling cost one query per batch window, not one per follow interval.
                endsByLength.computeIfAbsent(batchWindow, d -> new ArrayList<>()).add(w[1]);
            }
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
        long resets;
        long unknownPods;

        boolean any() {
            return cpu + memory + counters + resets + unknownPods > 0;
        }
    }
}
