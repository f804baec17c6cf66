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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads container usage from Prometheus with two bulk queries per time chunk — never one query per
 * workload:
 * <ol>
 *   <li>Raw samples of both metrics in one selection,
 *       {@code {__name__=~"container_cpu_usage_seconds_total|container_memory_working_set_bytes",container!="",..}},
 *       over the chunk: by default through the remote-read API, whose streamed answer is the TSDB's
 *       own chunks ({@link RemoteReadProtocol}; at 3,000 pods 64x less Prometheus CPU than KRR's
 *       pattern and flat Prometheus memory), else as an instant query of the range selector
 *       ({@code {..}[86400s]} at the chunk's end) through the query API. Either way Prometheus
 *       evaluates no function at any step; the points are streamed into per-step arrays here
 *       (see {@link CounterSink} and {@link PeakSink}).</li>
 *   <li>Counters, at the batch-window step: OOM kills (kube-state-metrics restarts whose last
 *       termination reason is OOMKilled) and cAdvisor's CFS periods, throttled periods and
 *       throttled seconds. In follow mode only the window that closes a batch window asks for them.</li>
 * </ol>
 * With a 24 h chunk a 14-day backfill is 14 × 2 = 28 queries, whatever the number of pods (times the
 * number of namespace batches); following every minute costs one query a minute plus one an hour.
 * Namespace batches ({@code namespace=~"a|b"}) bound one answer: by a number of namespaces, or by
 * the live containers they hold.
 *
 * <p>Each read remembers, per CPU series, the last sample at or before its end; the next read that
 * starts there (the next chunk, the next follow minute) asks only for its own range instead of
 * re-reading a lookback. Bad samples: NaN and ±Inf values are skipped and counted (a step without
 * usable samples is a gap, NaN); a counter that goes down is a restart, never a negative rate;
 * nothing is turned into zero.
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
    private final int maxContainersPerQuery;
    /** Last CPU counter sample (epoch ms, value) at or before {@link #carriedAt}, per raw series. */
    private Map<Map<String, String>, double[]> carried = Map.of();
    private Instant carriedAt;
    private Duration lastRawRange;
    private volatile boolean useRemoteRead;
    /** Samples from the kubelets for the recent past, or null when usage is followed from Prometheus alone. */
    private RecentSamples recent;
    private String followMode;
    private final java.util.concurrent.atomic.AtomicLong readsFromKubelets = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong podsFilledFromPrometheus = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong throttlingFromKubelets = new java.util.concurrent.atomic.AtomicLong();

    public PrometheusUsageSource(PrometheusClient client, ClusterView cluster, Duration step, Duration chunk,
            String clusterLabel, String clusterValue, int namespaceBatchSize) {
        this(client, cluster, step, chunk, clusterLabel, clusterValue, namespaceBatchSize, 0, RawReadApi.REMOTE_READ);
    }

    /** How raw samples are read: Prometheus' remote-read API (streamed chunks), or the query API (JSON). */
    public enum RawReadApi {
        REMOTE_READ, QUERY
    }

    /**
     * @param namespaceBatchSize    >0: at most this many namespaces per query
     * @param maxContainersPerQuery >0: namespaces are grouped so that one query covers at most this many
     *                              live containers (a namespace with more gets a query of its own)
     * @param rawReadApi            remote read first (falling back to the query API), or the query API only
     */
    public PrometheusUsageSource(PrometheusClient client, ClusterView cluster, Duration step, Duration chunk,
            String clusterLabel, String clusterValue, int namespaceBatchSize, int maxContainersPerQuery, RawReadApi rawReadApi) {
        this.maxContainersPerQuery = maxContainersPerQuery;
        this.useRemoteRead = rawReadApi == RawReadApi.REMOTE_READ;
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

    /**
     * Follows usage from {@code samples} (the kubelets) wherever they cover a read's range; Prometheus
     * is then read only for the backfill and for pods whose node is not covered.
     */
    public PrometheusUsageSource followFrom(RecentSamples samples) {
        this.recent = samples;
        return this;
    }

    public PrometheusClient client() {
        return client;
    }

    String selector(String namespaceRegex) {
        return selector(namespaceRegex, null);
    }

    String selector(String namespaceRegex, String podRegex) {
        StringBuilder s = new StringBuilder("container!=\"\",container!=\"POD\"");
        if (clusterLabel != null) {
            s.append(',').append(clusterLabel).append("=\"").append(escape(clusterValue)).append('"');
        }
        if (namespaceRegex != null) {
            s.append(",namespace=~\"").append(escape(namespaceRegex)).append('"');
        }
        if (podRegex != null) {
            s.append(",pod=~\"").append(escape(podRegex)).append('"');
        }
        return "{" + s + "}";
    }

    /** Metric names the raw query reads. */
    static final String CPU_METRIC = "container_cpu_usage_seconds_total";
    static final String MEMORY_METRIC = "container_memory_working_set_bytes";
    /** How old a counter sample may be to stand for a step boundary: Prometheus' default lookback. */
    static final Duration LOOKBACK = Duration.ofMinutes(5);

    /**
     * Raw samples of CPU and memory in {@code range} before the evaluation time: one selector for both
     * metrics (one index lookup), no function, no {@code label_replace}/{@code or}.
     */
    String rawQuery(String sel, Duration range) {
        return "{__name__=~\"" + CPU_METRIC + "|" + MEMORY_METRIC + "\"," + sel.substring(1, sel.length() - 1) + "}["
                + seconds(range) + "]";
    }

    /** Range of the last raw query, for tests: the chunk alone, or the chunk plus {@link #LOOKBACK} without a carried sample. */
    Duration lastRawRange() {
        return lastRawRange;
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
        if (recent != null) {
            recent.release(from); // reading from `from` means everything before it is published
        }
        Set<String> covered = recent == null ? Set.of() : recent.coveredNodes(from, to);
        Map<Map<String, String>, double[]> nextCarry = new HashMap<>();
        if (covered.isEmpty()) {
            // With the last counter sample before `from` remembered by the previous read, the chunk alone;
            // otherwise the chunk plus a lookback in which that sample can be found.
            Map<Map<String, String>, double[]> carry = from.equals(carriedAt) ? carried : Map.of();
            Duration range = Duration.between(from, to).plus(from.equals(carriedAt) ? Duration.ZERO : LOOKBACK);
            lastRawRange = range;
            for (String nsRegex : namespaceBatches()) {
                readRaw(nsRegex, null, to, range, rawVisitor(series, from, to, steps, bad, carry, nextCarry, null, true));
            }
            logFollowMode(0, -1);
        } else {
            // Samples of pods on covered nodes come from the kubelets; only the pods of nodes that did not
            // answer throughout are read from Prometheus, with a lookback for their left boundary.
            PrometheusResponseParser.SeriesVisitor replayed = rawVisitor(series, from, to, steps, bad, Map.of(), nextCarry, null, false);
            Set<String> replayedPods = new java.util.HashSet<>();
            long fromMillis = from.toEpochMilli();
            recent.replay(from, to, covered, labels -> {
                String pod = labels.get("namespace") + "/" + labels.get("pod");
                PrometheusResponseParser.PointSink sink = replayed.series(labels);
                return sink == null ? null : new RecentSamples.PointReceiver() {
                    @Override
                    public void point(long timestampMillis, double value) {
                        if (timestampMillis > fromMillis) {
                            replayedPods.add(pod); // only samples inside the range count: the boundary one is last minute's
                        }
                        sink.point(timestampMillis, value);
                    }

                    @Override
                    public void end() {
                        sink.end();
                    }
                };
            });
            // also running pods on covered nodes that the kubelet left out (a kubelet that could not collect a
            // container's stats answers 200 without it): never a silent gap
            Map<String, Set<String>> uncovered = uncoveredPods(covered, replayedPods);
            lastRawRange = null;
            if (!uncovered.isEmpty()) {
                Duration range = Duration.between(from, to).plus(LOOKBACK);
                lastRawRange = range;
                PrometheusResponseParser.SeriesVisitor fill = rawVisitor(series, from, to, steps, bad, Map.of(), nextCarry, uncovered, true);
                if (uncovered.values().stream().mapToInt(Set::size).sum() <= MAX_PODS_IN_SELECTOR) {
                    readRaw(podsRegex(uncovered.keySet()), podsRegex(uncovered.values().stream().flatMap(Set::stream).toList()), to,
                            range, fill);
                } else {
                    for (String nsRegex : namespaceBatches()) { // too many names for one selector: read all, keep those pods
                        readRaw(nsRegex, null, to, range, fill);
                    }
                }
            }
            logFollowMode(covered.size(), uncovered.values().stream().mapToInt(Set::size).sum());
        }
        List<Instant> closing = closingBatchWindowEnds(from, to, batchWindow);
        Set<String> countersFromKubelets = covered.isEmpty() || closing.isEmpty() ? Set.of()
                : throttlingFromKubelets(closing, batchWindow, covered, series);
        if (!covered.isEmpty() && closing.isEmpty()) {
            // a follow minute inside the hour: no counters are due, from anyone
        } else if (countersFromKubelets.isEmpty()) {
            for (String nsRegex : namespaceBatches()) {
                readCounters(selector(nsRegex), from, to, batchWindow, series, bad, null); // only when a window closes a batch window
            }
        } else {
            // CFS counters of pods on nodes whose cAdvisor was read at both ends of the batch window came from
            // the kubelets (OOM kills come from pod status while following); only the other pods are asked for
            Map<String, Set<String>> others = uncoveredPods(countersFromKubelets, null);
            if (!others.isEmpty() && others.values().stream().mapToInt(Set::size).sum() <= MAX_PODS_IN_SELECTOR) {
                readCounters(selector(podsRegex(others.keySet()), podsRegex(others.values().stream().flatMap(Set::stream).toList())),
                        from, to, batchWindow, series, bad, others);
            } else if (!others.isEmpty()) {
                for (String nsRegex : namespaceBatches()) {
                    readCounters(selector(nsRegex), from, to, batchWindow, series, bad, others);
                }
            }
        }
        carried = nextCarry;
        carriedAt = covered.isEmpty() ? to : null;
        if (bad.any()) {
            log.warn("usage {}..{}: skipped {} CPU and {} memory samples that were NaN, infinite or negative, "
                    + "saw {} counter resets, and skipped {} series of pods that belong to no known workload", from, to, bad.cpu,
                    bad.memory, bad.resets, bad.unknownPods);
        } else if (bad.resets + bad.unknownPods > 0) {
            // restarts and pods outside the watched workloads (filtered namespaces, static pods) are normal, not bad data
            log.debug("usage {}..{}: {} counter resets, {} series of pods that belong to no known workload", from, to, bad.resets,
                    bad.unknownPods);
        }
        return windows(series, from, to, batchWindow, stepSeconds);
    }

    /**
     * Turns raw series (from Prometheus or replayed from the kubelets) into the per-step arrays of
     * {@code series}. {@code onlyPods} (namespace → pods) keeps a Prometheus read to the pods it was
     * meant for: a pod regex also matches same-named pods of other namespaces, whose samples came
     * from the kubelets already.
     */
    private PrometheusResponseParser.SeriesVisitor rawVisitor(Map<Key, Series> series, Instant from, Instant to, int steps, BadData bad,
            Map<Map<String, String>, double[]> carry, Map<Map<String, String>, double[]> nextCarry, Map<String, Set<String>> onlyPods,
            boolean fromPrometheus) {
        return labels -> {
            String metric = labels.get("__name__");
            boolean cpu = CPU_METRIC.equals(metric);
            if (!cpu && !MEMORY_METRIC.equals(metric)) {
                return null;
            }
            Key key = key(labels);
            if (onlyPods != null && (key == null || !onlyPods.getOrDefault(key.namespace, Set.of()).contains(key.pod))) {
                return null;
            }
            Series target = series(series, key, steps);
            if (target == null) {
                if (cpu) {
                    bad.unknownPods++;
                }
                return null;
            }
            return cpu ? new CounterSink(from, to, step, target.cpu, bad, carry.get(labels), last -> nextCarry.put(labels, last))
                    : new PeakSink(from, step, target.memory, bad);
        };
    }

    /**
     * Live pods (namespace → names) placed on nodes outside {@code covered}, plus, when {@code replayed}
     * ("namespace/pod") is given, running pods on covered nodes of which no sample was replayed.
     */
    private Map<String, Set<String>> uncoveredPods(Set<String> covered, Set<String> replayed) {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (WorkloadState w : cluster.workloads()) {
            for (PodPlacement p : w.pods()) {
                if (p.node() == null || p.node().isEmpty()) {
                    continue;
                }
                boolean missing = replayed != null && "Running".equals(p.phase())
                        && !replayed.contains(w.id().namespace() + "/" + p.pod());
                if (!covered.contains(p.node()) || missing) {
                    out.computeIfAbsent(w.id().namespace(), k -> new java.util.TreeSet<>()).add(p.pod());
                }
            }
        }
        return out;
    }

    /** Pods in one selector at most; beyond it a read selects all pods and keeps the ones it was for. */
    static final int MAX_PODS_IN_SELECTOR = 500;

    /** An alternation of literal names ({@code a|b\.c}): dots quoted, so Prometheus matches them as a set of strings. */
    static String podsRegex(java.util.Collection<String> names) {
        return names.stream().distinct().sorted().map(n -> n.replace(".", "\\.")).collect(java.util.stream.Collectors.joining("|"));
    }

    private void logFollowMode(int coveredNodes, int podsFromPrometheus) {
        String mode = coveredNodes == 0 ? "prometheus" : podsFromPrometheus == 0 ? "kubelets" : "mixed";
        if (coveredNodes > 0) {
            readsFromKubelets.incrementAndGet();
            podsFilledFromPrometheus.addAndGet(podsFromPrometheus);
        }
        if (recent != null && !mode.equals(followMode)) {
            switch (mode) {
                case "kubelets" -> log.info("following usage from {} kubelets; Prometheus is no longer read for raw samples", coveredNodes);
                case "mixed" -> log.info("following usage from {} kubelets; {} pods on nodes whose kubelet did not answer are read from Prometheus",
                        coveredNodes, podsFromPrometheus);
                default -> {
                    if (followMode != null) {
                        log.info("no kubelet covers the last read: usage is read from Prometheus until they answer again");
                    }
                }
            }
            followMode = mode;
        }
    }

    /** Reads whose raw samples came (at least partly) from the kubelets. */
    public long readsFromKubelets() {
        return readsFromKubelets.get();
    }

    /** Pods read from Prometheus in those reads because their node's kubelet did not answer throughout. */
    public long podsFilledFromPrometheus() {
        return podsFilledFromPrometheus.get();
    }

    /**
     * Raw samples of both metrics in {@code [to - range, to]}: through remote read (streamed chunks)
     * unless configured or found unavailable, then through the query API. A server that refuses
     * remote read (no such API, not streamed, refused) makes this source use the query API from then
     * on, with one WARN line.
     */
    private void readRaw(String nsRegex, String podRegex, Instant to, Duration range, PrometheusResponseParser.SeriesVisitor visitor) {
        if (useRemoteRead) {
            try {
                client.remoteRead(to.minus(range).toEpochMilli(), to.toEpochMilli(), matchers(nsRegex, podRegex), visitor);
                return;
            } catch (PrometheusException.Permanent e) {
                useRemoteRead = false;
                log.warn("Prometheus remote read is not available ({}); reading raw samples through the query API from now on "
                        + "(set krr.collector.prometheus.raw-read-api=query to skip this attempt)", e.getMessage());
            }
        }
        client.queryStreaming(rawQuery(selector(nsRegex, podRegex), range), to, visitor);
    }

    /** The remote-read equivalent of {@link #rawQuery}'s selector. */
    List<RemoteReadProtocol.Matcher> matchers(String namespaceRegex) {
        return matchers(namespaceRegex, null);
    }

    /** As {@link #matchers(String)}, restricted to pods matching {@code podRegex} when not null. */
    List<RemoteReadProtocol.Matcher> matchers(String namespaceRegex, String podRegex) {
        List<RemoteReadProtocol.Matcher> m = new ArrayList<>();
        m.add(RemoteReadProtocol.Matcher.re("__name__", CPU_METRIC + "|" + MEMORY_METRIC));
        m.add(RemoteReadProtocol.Matcher.neq("container", ""));
        m.add(RemoteReadProtocol.Matcher.neq("container", "POD"));
        if (clusterLabel != null) {
            m.add(RemoteReadProtocol.Matcher.eq(clusterLabel, clusterValue));
        }
        if (namespaceRegex != null) {
            m.add(RemoteReadProtocol.Matcher.re("namespace", namespaceRegex));
        }
        if (podRegex != null) {
            m.add(RemoteReadProtocol.Matcher.re("pod", podRegex));
        }
        return m;
    }

    /** Whether raw samples are (still) read through remote read. */
    boolean usesRemoteRead() {
        return useRemoteRead;
    }

    /**
     * Turns one raw CPU counter series into cores per step, as the points stream in (ascending time).
     * Each step boundary b stands for the last sample at or before b, if that sample is younger than
     * {@link #LOOKBACK}; step i is then the counter's increase between the samples of its two boundaries
     * divided by the time between those samples. With 30 s scrapes on the minute that is
     * {@code (c(b+60s) - c(b)) / 60}: e.g. 1,200.0 s then 1,215.0 s is 0.25 cores. A counter that goes
     * down restarted from zero, so the increase across it is the new value (as in Prometheus' {@code rate});
     * NaN, ±Inf and negative samples are skipped. A step whose two boundaries see the same sample (a
     * scrape interval longer than the step) or no sample (a gap) stays NaN: unknown, never zero.
     * Several series of one container (e.g. two scrape jobs) are merged by the maximum per step.
     * Idempotent: a retried query that streams the same points again writes the same values.
     */
    static final class CounterSink implements PrometheusResponseParser.PointSink {
        private final long fromMs;
        private final long toMs;
        private final long stepMs;
        private final float[] cores;
        private final BadData bad;
        private final java.util.function.Consumer<double[]> lastSample;
        private long prevTs = Long.MIN_VALUE;
        private double prevValue;
        /** Counter increase, restarts included, from the first sample to {@link #prevTs}. */
        private double increase;
        private int nextBoundary;
        private int lastBoundary = -1;
        private long lastBoundaryTs;
        private double lastBoundaryIncrease;

        CounterSink(Instant from, Instant to, Duration step, float[] cores, BadData bad, double[] carried,
                java.util.function.Consumer<double[]> lastSample) {
            this.fromMs = from.toEpochMilli();
            this.toMs = to.toEpochMilli();
            this.stepMs = step.toMillis();
            this.cores = cores;
            this.bad = bad;
            this.lastSample = lastSample;
            if (carried != null) {
                prevTs = (long) carried[0];
                prevValue = carried[1];
            }
        }

        @Override
        public void point(long ts, double value) {
            if (ts <= prevTs || ts > toMs) {
                return; // the carried sample again, or the shared end point of two inclusive ranges
            }
            if (!Double.isFinite(value) || value < 0) {
                bad.cpu++;
                return;
            }
            settleBoundariesBefore(ts);
            if (prevTs != Long.MIN_VALUE) {
                double delta = value - prevValue;
                if (delta < 0) {
                    bad.resets++;
                    delta = value;
                }
                increase += delta;
            }
            prevTs = ts;
            prevValue = value;
        }

        @Override
        public void end() {
            settleBoundariesBefore(toMs + 1);
            if (prevTs != Long.MIN_VALUE) {
                lastSample.accept(new double[] {prevTs, prevValue});
            }
        }

        /** Boundaries before {@code ts} see {@link #prevTs} as their last sample. */
        private void settleBoundariesBefore(long ts) {
            while (nextBoundary <= cores.length) {
                long b = fromMs + nextBoundary * stepMs;
                if (b >= ts) {
                    return;
                }
                if (prevTs != Long.MIN_VALUE && b - prevTs < LOOKBACK.toMillis()) {
                    if (lastBoundary == nextBoundary - 1 && lastBoundary >= 0 && prevTs > lastBoundaryTs) {
                        float c = (float) ((increase - lastBoundaryIncrease) * 1000.0 / (prevTs - lastBoundaryTs));
                        int i = lastBoundary;
                        cores[i] = Float.isNaN(cores[i]) ? c : Math.max(cores[i], c);
                    }
                    lastBoundary = nextBoundary;
                    lastBoundaryTs = prevTs;
                    lastBoundaryIncrease = increase;
                }
                nextBoundary++;
            }
        }
    }

    /**
     * The peak of the raw memory samples of each step; step i holds the samples in
     * {@code (from + i·step, from + (i+1)·step]}, so every sample counts in exactly one step of one
     * chunk. NaN, ±Inf and negative samples are skipped and counted.
     */
    static final class PeakSink implements PrometheusResponseParser.PointSink {
        private final long fromMs;
        private final long stepMs;
        private final long[] peaks;
        private final BadData bad;

        PeakSink(Instant from, Duration step, long[] peaks, BadData bad) {
            this.fromMs = from.toEpochMilli();
            this.stepMs = step.toMillis();
            this.peaks = peaks;
            this.bad = bad;
        }

        @Override
        public void point(long ts, double value) {
            long offset = ts - fromMs;
            if (offset <= 0) {
                return; // the previous chunk's last step
            }
            long i = (offset + stepMs - 1) / stepMs - 1;
            if (i >= peaks.length) {
                return;
            }
            if (!Double.isFinite(value) || value < 0) {
                bad.memory++;
                return;
            }
            peaks[(int) i] = Math.max(peaks[(int) i], (long) value);
        }
    }

    /** Ends of the batch windows that close in {@code (from, to]}: the windows whose counters are due. */
    private static List<Instant> closingBatchWindowEnds(Instant from, Instant to, Duration batchWindow) {
        List<Instant> ends = new ArrayList<>();
        for (Instant[] w : TimeWindows.split(from, to, batchWindow)) {
            if (TimeWindows.floor(w[1], batchWindow).equals(w[1])) {
                ends.add(w[1]);
            }
        }
        return ends;
    }

    /**
     * Applies the kubelets' CFS counter increases to the batch windows ending at {@code closing} and
     * returns the nodes they covered for all of them (empty: ask Prometheus as usual).
     */
    private Set<String> throttlingFromKubelets(List<Instant> closing, Duration batchWindow, Set<String> covered,
            Map<Key, Series> series) {
        Map<Instant, RecentSamples.Throttling> byEnd = new LinkedHashMap<>();
        closing.forEach(end -> byEnd.put(end, recent.throttling(end.minus(batchWindow), end, covered)));
        // only nodes read at both ends of EVERY closing window take their counters from the kubelets; the others
        // get the Prometheus request for all windows, so no window is counted from both
        Set<String> nodes = new java.util.HashSet<>(covered);
        byEnd.values().forEach(t -> nodes.retainAll(t.nodes()));
        byEnd.forEach((end, t) -> t.increases().forEach((k, v) -> {
            Series target = series.get(new Key(k.namespace(), k.pod(), k.container()));
            if (target != null && target.node != null && nodes.contains(target.node)) {
                double[] c = target.counters.computeIfAbsent(end, x -> new double[4]);
                c[1] += v[0];
                c[2] += v[1];
                c[3] += v[2];
            }
        }));
        if (!nodes.isEmpty()) {
            throttlingFromKubelets.addAndGet(byEnd.size());
        }
        return nodes;
    }

    /** Batch windows whose CFS counters came from the kubelets' cAdvisor endpoint. */
    public long throttlingFromKubelets() {
        return throttlingFromKubelets.get();
    }

    private void readCounters(String sel, Instant from, Instant to, Duration batchWindow, Map<Key, Series> series, BadData bad,
            Map<String, Set<String>> onlyPods) {
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
                Key key = key(s.labels());
                Series target = key == null ? null : series.get(key);
                if (target == null || onlyPods != null && !onlyPods.getOrDefault(key.namespace, Set.of()).contains(key.pod)) {
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
        // One source name for the whole stream, wherever a minute's samples came from: consumers recognise a replayed
        // window by (source, window), so a minute first published from the kubelets and read again from Prometheus
        // after a watermark reset must carry the same source to be recognised.
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

    /**
     * Namespace regexes, one per query: all namespaces in one ({@code null}) unless a namespace batch
     * size or a container budget is set. With a budget of 1,000 containers and namespaces of 400, 400,
     * 300 and 1,200 live containers the batches are {a|b}, {c}, {d}: a namespace over the budget gets a
     * query of its own (namespaces are the finest split a selector can make cheaply).
     */
    List<String> namespaceBatches() {
        if (namespaceBatchSize <= 0 && maxContainersPerQuery <= 0) {
            return java.util.Collections.singletonList(null);
        }
        Map<String, Integer> containers = new java.util.TreeMap<>();
        cluster.workloads().forEach(w -> containers.merge(w.id().namespace(),
                Math.max(1, w.pods().size()) * Math.max(1, w.containers().size()), Integer::sum));
        List<String> batches = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int currentContainers = 0;
        for (Map.Entry<String, Integer> ns : containers.entrySet()) {
            boolean full = namespaceBatchSize > 0 && current.size() == namespaceBatchSize;
            boolean overBudget = maxContainersPerQuery > 0 && currentContainers + ns.getValue() > maxContainersPerQuery;
            if (!current.isEmpty() && (full || overBudget)) {
                batches.add(String.join("|", current));
                current = new ArrayList<>();
                currentContainers = 0;
            }
            current.add(ns.getKey());
            currentContainers += ns.getValue();
        }
        if (!current.isEmpty()) {
            batches.add(String.join("|", current));
        }
        return batches;
    }

    private Series series(Map<Key, Series> all, Key key, int steps) {
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

    private static Key key(Map<String, String> labels) {
        String ns = labels.get("namespace");
        String pod = labels.get("pod");
        String container = labels.get("container");
        if (ns == null || pod == null || container == null || ns.isEmpty() || pod.isEmpty() || container.isEmpty()) {
            return null;
        }
        return new Key(ns, pod, container);
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

    static final class BadData {
        long cpu;
        long memory;
        long counters;
        long resets;
        long unknownPods;

        boolean any() {
            return cpu + memory + counters > 0;
        }
    }
}
