package dev.krr.collector.adapter.out.kubelet;

import dev.krr.collector.adapter.out.prometheus.RecentSamples;
import dev.krr.collector.adapter.out.prometheus.RecentSamples.ContainerKey;
import dev.krr.collector.domain.KubeletEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows container usage from the nodes themselves: every scrape interval it reads each kubelet's
 * resource metrics ({@code /metrics/resource}, the endpoint metrics-server reads) and keeps the raw
 * samples until the usage ingest has published them. This is what makes following cheap for
 * Prometheus: a one-minute read of 3,000 pods costs Prometheus ~0.1 CPU-second however it is asked
 * (about half a KRR scan per day of following), while the kubelets serve the very counters
 * Prometheus would have scraped from them, so {@link dev.krr.collector.adapter.out.prometheus.PrometheusUsageSource}
 * turns these samples into steps with the same code and asks Prometheus only for what the
 * kubelets could not give (the backfill, and pods on nodes that did not answer).
 *
 * <p>Coverage: a node covers {@code [from, to]} when it answered at or before {@code from} and at
 * or after {@code to} without ever being silent for longer than one usage step (see {@link #alignedTo};
 * three scrape intervals at most) in between. So two step boundaries of a covered range never see the
 * same sample and every step has its own counter delta; a longer silence makes the range uncovered
 * and its pods are read from Prometheus.
 * A node whose kubelet refuses the collector (401/403, untrusted certificate) is retried only every
 * {@link #PERMANENT_RETRY}; its reason is logged once for all nodes.
 *
 * <p><b>CFS throttling</b> ({@link #throttling}): in the first round at or after every multiple of
 * the batch window ({@code countersInterval}, epoch-aligned, 1 h in production) each node's
 * {@code /metrics/cadvisor} is read too, and its three CFS counters per container are kept for a few
 * windows. The increase over a window is then the difference of the reads that bracket it, so the
 * hourly "counters" request no longer has to ask Prometheus for {@code increase(...[1h])} of the pods
 * on those nodes. One extra read per node per hour: with 30 s scrapes, 1 in 120 rounds. A node whose
 * cAdvisor read failed at either end of a window does not qualify for it (its pods are asked from
 * Prometheus), with the same logging as resource scrapes. The first round after start reads it too
 * (a follower started just after a boundary still brackets that window). Memory: reads older than
 * three windows are dropped, so about four are kept per node; at ~80 bytes per container per read
 * plus its names once, 110 limited containers cost a node ~55 KB, 3,000 such pods ~1.5 MB.
 *
 * <p>Memory: samples are dropped once published (the newest one before the watermark stays, as the
 * next step's left boundary), and whatever is older than {@code retention} is dropped even when the
 * ingest is stuck; a range that reaches back past that cut is no longer covered. At 30 s scrapes a
 * container costs ~64 bytes a minute while unpublished.
 */
public final class KubeletUsageFollower implements RecentSamples, AutoCloseable {

    /** How long a node that refused the collector waits before it is asked again. */
    static final Duration PERMANENT_RETRY = Duration.ofMinutes(10);
    /** Rounds a node that keeps failing transiently (timeouts, 5xx) is left out between attempts, at most. */
    static final int MAX_SKIPPED_ROUNDS = 3;
    /** Series without a new sample for this long belong to pods that are gone. */
    private static final Duration GONE_AFTER = Duration.ofMinutes(5);
    static final String CPU_METRIC = "container_cpu_usage_seconds_total";
    static final String MEMORY_METRIC = "container_memory_working_set_bytes";
    private static final Logger log = LoggerFactory.getLogger(KubeletUsageFollower.class);

    private final KubeletClient client;
    private final Supplier<List<KubeletEndpoint>> nodes;
    private final Clock clock;
    private final Duration interval;
    private final Duration retention;
    private volatile long maxSilenceMillis;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final Map<String, NodeCoverage> coverage = new ConcurrentHashMap<>();
    private final Map<SeriesKey, SeriesSamples> series = new ConcurrentHashMap<>();
    private final Set<String> reasonsLogged = ConcurrentHashMap.newKeySet();
    private final long countersIntervalMillis;
    private final Map<String, NodeCounters> counters = new ConcurrentHashMap<>();
    private final AtomicLong cadvisorScrapesOk = new AtomicLong();
    private final AtomicLong cadvisorScrapesFailed = new AtomicLong();
    private volatile long nextCountersMillis = Long.MIN_VALUE;
    private final AtomicLong scrapesOk = new AtomicLong();
    private final AtomicLong scrapesFailed = new AtomicLong();
    private final AtomicLong samplesAccepted = new AtomicLong();
    private volatile long hardCutoffMillis = Long.MIN_VALUE;
    private volatile long roundStartMillis;
    private boolean started;
    private volatile long lastRoundNanos;
    private volatile long slowRoundLoggedNanos = System.nanoTime() - Duration.ofHours(1).toNanos();
    private final int concurrency;

    /** With the production batch window (1 h) as the interval of the cAdvisor counter reads. */
    public KubeletUsageFollower(KubeletClient client, Supplier<List<KubeletEndpoint>> nodes, Clock clock, Duration interval,
            int concurrency, Duration retention) {
        this(client, nodes, clock, interval, concurrency, retention, Duration.ofHours(1));
    }

    /**
     * @param nodes            the cluster's kubelets, asked again every round (nodes come and go)
     * @param interval         time between rounds; 30 s matches the usual cAdvisor scrape, so the steps
     *                         have the same samples Prometheus would have had
     * @param concurrency      kubelets asked at the same time
     * @param retention        the longest unpublished stretch kept while the ingest cannot publish
     * @param countersInterval the batch window: the CFS counters are read from {@code /metrics/cadvisor}
     *                         in the first round at or after each epoch-aligned multiple of it
     */
    public KubeletUsageFollower(KubeletClient client, Supplier<List<KubeletEndpoint>> nodes, Clock clock, Duration interval,
            int concurrency, Duration retention, Duration countersInterval) {
        if (countersInterval == null || countersInterval.isNegative() || countersInterval.isZero()) {
            throw new IllegalArgumentException("krr.collector.usage.batch-window must be positive, got " + countersInterval);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("krr.collector.kubelet.scrape-interval must be positive, got " + interval);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("krr.collector.kubelet.concurrency must be >= 1, got " + concurrency);
        }
        if (retention.compareTo(interval.multipliedBy(4)) < 0) {
            throw new IllegalArgumentException("krr.collector.kubelet.retention " + retention
                    + " must be at least four scrape intervals (" + interval.multipliedBy(4) + ")");
        }
        this.client = client;
        this.nodes = nodes;
        this.clock = clock;
        this.interval = interval;
        this.retention = retention;
        this.maxSilenceMillis = interval.multipliedBy(3).toMillis();
        this.concurrency = concurrency;
        this.countersIntervalMillis = countersInterval.toMillis();
        this.pool = Executors.newFixedThreadPool(concurrency, daemon("krr-kubelet-scrape"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("krr-kubelet-rounds"));
    }

    /**
     * Lets a node stay covered through a silence of at most one usage step (never more than three scrape
     * intervals): then two step boundaries never see the same sample, so a covered step always has its own
     * counter delta (with a 60 s step and 30 s scrapes: one missed scrape is fine, two make the node
     * uncovered and its pods come from Prometheus). Call before {@link #start()}.
     */
    public KubeletUsageFollower alignedTo(Duration step) {
        this.maxSilenceMillis = Math.min(interval.multipliedBy(3).toMillis(), step.toMillis());
        return this;
    }

    /** Starts a round now and then every interval (a slow round delays the next, never overlaps it); once. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        timer.scheduleWithFixedDelay(() -> {
            try {
                scrapeRound();
            } catch (RuntimeException e) {
                log.warn("kubelet scrape round failed: {}", e.toString(), e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks every kubelet once, a bounded number at a time, and returns how many answered. */
    public int scrapeRound() {
        long wallStart = System.nanoTime();
        List<KubeletEndpoint> all = nodes.get();
        long now = clock.millis();
        roundStartMillis = now;
        List<Future<?>> running = new ArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        Set<String> present = new HashSet<>();
        boolean readCounters = now >= nextCountersMillis;
        for (KubeletEndpoint node : all) {
            present.add(node.node());
            NodeCoverage c = coverage.computeIfAbsent(node.node(), n -> new NodeCoverage());
            if (c.retryAfterMillis > now) {
                continue;
            }
            running.add(pool.submit(() -> {
                if (scrape(node, c)) {
                    answered.incrementAndGet();
                }
            }));
        }
        if (readCounters) {
            // after the resource scrapes in the pool's queue: a big cAdvisor body must not delay them past coverage
            nextCountersMillis = Math.floorDiv(now, countersIntervalMillis) * countersIntervalMillis + countersIntervalMillis;
            for (KubeletEndpoint node : all) {
                running.add(pool.submit(() -> scrapeCounters(node, now)));
            }
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answered.get();
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("kubelet scrape failed unexpectedly: {}", e.getCause().toString(), e.getCause());
            }
        }
        coverage.keySet().retainAll(present);
        counters.keySet().retainAll(present);
        if (readCounters) {
            long oldest = now - 3 * countersIntervalMillis;
            counters.values().forEach(c -> c.dropBefore(oldest));
        }
        dropOlderThan(clock.millis() - retention.toMillis());
        lastRoundNanos = System.nanoTime() - wallStart;
        if (lastRoundNanos > interval.toNanos() && System.nanoTime() - slowRoundLoggedNanos > Duration.ofMinutes(10).toNanos()) {
            slowRoundLoggedNanos = System.nanoTime();
            log.warn("a kubelet scrape round over {} nodes took {} ms, longer than the scrape interval ({} ms): coverage suffers; "
                    + "raise krr.collector.kubelet.concurrency ({} now) or lower krr.collector.kubelet.timeout", all.size(),
                    lastRoundNanos / 1_000_000, interval.toMillis(), concurrency);
        }
        return answered.get();
    }

    /** Wall time of the last scrape round (for metrics: it must stay below the scrape interval). */
    public Duration lastRoundDuration() {
        return Duration.ofNanos(lastRoundNanos);
    }

    private boolean scrape(KubeletEndpoint node, NodeCoverage c) {
        String name = node.node();
        try {
            client.scrape(node, new ResourceSampleConsumer() {
                @Override
                public void cpu(String namespace, String pod, String container, long timestampMillis, double cpuSecondsTotal) {
                    samples(namespace, pod, container).add(name, true, timestampMillis, cpuSecondsTotal);
                }

                @Override
                public void memory(String namespace, String pod, String container, long timestampMillis, double workingSetBytes) {
                    samples(namespace, pod, container).add(name, false, timestampMillis, workingSetBytes);
                }
            });
            c.answered(clock.millis(), maxSilenceMillis);
            scrapesOk.incrementAndGet();
            if (c.failing) {
                c.failing = false;
                log.info("kubelet on node {} answers again", name);
            }
            return true;
        } catch (KubeletScrapeException e) {
            scrapesFailed.incrementAndGet();
            if (e.permanent()) {
                c.retryAfterMillis = clock.millis() + PERMANENT_RETRY.toMillis();
                String reason = e.getMessage();
                if (reasonsLogged.add(reasonKey(reason, name))) {
                    log.warn("{} — its pods are followed from Prometheus; asking again every {} (this reason is logged once)",
                            reason, PERMANENT_RETRY);
                }
            } else {
                // a dead node must not slow every round down: after the second failure in a row it is skipped for
                // 1, 2, then 3 rounds between attempts (at most ~2 min at 30 s), so a timeout costs a pool thread
                // rarely instead of every round
                int failures = ++c.transientFailures;
                int skip = Math.min(failures - 1, MAX_SKIPPED_ROUNDS);
                c.retryAfterMillis = skip == 0 ? Long.MIN_VALUE : roundStartMillis + skip * interval.toMillis() + interval.toMillis() / 2;
                if (!c.failing) {
                    c.failing = true;
                    log.warn("{} (its pods are read from Prometheus until it answers again)", e.getMessage());
                }
            }
            return false;
        }
    }

    /** Reads one node's CFS counters; a failure leaves the node without a read for this boundary. */
    private void scrapeCounters(KubeletEndpoint node, long roundMillis) {
        String name = node.node();
        Map<ContainerKey, double[]> values = new java.util.HashMap<>();
        try {
            client.scrapeCadvisor(node, (namespace, pod, container, family, timestampMillis, value) -> {
                double[] v = values.computeIfAbsent(new ContainerKey(namespace, pod, container), k -> new double[] {Double.NaN, Double.NaN,
                        Double.NaN});
                v[family == CadvisorCounterConsumer.CFS_PERIODS ? 0 : family == CadvisorCounterConsumer.CFS_THROTTLED_PERIODS ? 1 : 2] = value;
            });
            cadvisorScrapesOk.incrementAndGet();
            counters.computeIfAbsent(name, n -> new NodeCounters()).add(roundMillis, values);
        } catch (KubeletScrapeException e) {
            cadvisorScrapesFailed.incrementAndGet();
            if (e.permanent()) {
                String reason = e.getMessage();
                if (reasonsLogged.add(reasonKey(reason, name))) {
                    log.warn("{} — CFS throttling of its pods is read from Prometheus (this reason is logged once)", reason);
                }
            } else {
                log.warn("{} (CFS throttling of its pods for the windows ending and starting now is read from Prometheus)", e.getMessage());
            }
        }
    }

    /**
     * Per container the increase of the three CFS counters between the cAdvisor reads nearest
     * {@code start} and {@code end}, each within two scrape intervals. Worked example: periods read
     * 36,000 at 10:00:00 and 72,000 at 11:00:00 give 36,000 (10 a second, a busy container with a
     * 100 ms period); a container that restarted at 10:40 reads 12,000 at 11:00 (its counter began
     * again), lower than at 10:00, so the increase is 12,000 (what it did since the restart; the part
     * before it is lost, as in Prometheus' {@code increase} without a sample at the reset); a
     * container started at 10:30 has no 10:00 read and counts from 0. A container gone by 11:00
     * is absent.
     */
    @Override
    public Throttling throttling(Instant start, Instant end, Set<String> nodesWanted) {
        long startMs = start.toEpochMilli();
        long endMs = end.toEpochMilli();
        long tolerance = 2 * interval.toMillis();
        Set<String> qualifying = new HashSet<>();
        Map<ContainerKey, double[]> increases = new java.util.HashMap<>();
        for (String node : nodesWanted) {
            NodeCounters c = counters.get(node);
            if (c == null) {
                continue;
            }
            CountersRead[] reads = c.bracketing(startMs, endMs, tolerance);
            if (reads == null) {
                continue;
            }
            qualifying.add(node);
            Map<ContainerKey, double[]> before = reads[0].values();
            reads[1].values().forEach((key, after) -> {
                double[] was = before.get(key);
                double[] increase = new double[3];
                for (int i = 0; i < 3; i++) {
                    double e = Double.isNaN(after[i]) ? 0 : after[i];
                    double s = was == null || Double.isNaN(was[i]) ? 0 : was[i];
                    increase[i] = e >= s ? e - s : e;
                }
                increases.merge(key, increase, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
            });
        }
        return new Throttling(qualifying, increases);
    }

    /**
     * A refusal's reason without what differs between nodes (name, URL, address), so a cluster-wide cause
     * (one RBAC rule, one CA) is logged once, not once per node.
     */
    static String reasonKey(String reason, String node) {
        return reason.replace(node, "<node>").replaceAll("https?://\\S+", "<url>")
                .replaceAll("\\[?[0-9a-fA-F:.]*\\d[0-9a-fA-F:.]*\\]?:\\d+", "<address>");
    }

    private SeriesSamples samples(String namespace, String pod, String container) {
        samplesAccepted.incrementAndGet();
        return series.computeIfAbsent(new SeriesKey(namespace, pod, container), SeriesSamples::new);
    }

    @Override
    public Set<String> coveredNodes(Instant from, Instant to) {
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        Set<String> out = new HashSet<>();
        if (fromMs < hardCutoffMillis) {
            return out;
        }
        long now = clock.millis();
        coverage.forEach((node, c) -> {
            if (c.covers(fromMs, toMs, now, maxSilenceMillis)) {
                out.add(node);
            }
        });
        return out;
    }

    @Override
    public void replay(Instant from, Instant to, Set<String> nodesToReplay, SeriesReceiver receiver) {
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        for (SeriesSamples s : series.values()) {
            for (boolean cpu : new boolean[] {true, false}) {
                long[][] points = s.between(fromMs, toMs, cpu, nodesToReplay);
                if (points == null) {
                    continue;
                }
                PointReceiver r = receiver.series(Map.of("__name__", cpu ? CPU_METRIC : MEMORY_METRIC, "namespace", s.key.namespace,
                        "pod", s.key.pod, "container", s.key.container));
                if (r == null) {
                    continue;
                }
                for (int i = 0; i < points[0].length; i++) {
                    r.point(points[0][i], Double.longBitsToDouble(points[1][i]));
                }
                r.end();
            }
        }
    }

    @Override
    public void release(Instant upTo) {
        long upToMs = upTo.toEpochMilli();
        series.values().removeIf(s -> s.trim(upToMs, upToMs - GONE_AFTER.toMillis()));
    }

    private void dropOlderThan(long cutoffMs) {
        boolean dropped = false;
        for (SeriesSamples s : series.values()) {
            dropped |= s.oldestBefore(cutoffMs);
        }
        if (dropped) {
            hardCutoffMillis = Math.max(hardCutoffMillis, cutoffMs);
            series.values().removeIf(s -> s.trim(cutoffMs, cutoffMs - GONE_AFTER.toMillis()));
        }
    }

    /** Successful scrapes since start (for metrics). */
    public long scrapesOk() {
        return scrapesOk.get();
    }

    /** Failed scrapes since start (for metrics). */
    public long scrapesFailed() {
        return scrapesFailed.get();
    }

    /** Successful reads of {@code /metrics/cadvisor} since start (for metrics). */
    public long cadvisorScrapesOk() {
        return cadvisorScrapesOk.get();
    }

    /** Failed reads of {@code /metrics/cadvisor} since start (for metrics). */
    public long cadvisorScrapesFailed() {
        return cadvisorScrapesFailed.get();
    }

    /** Samples received since start (for metrics). */
    public long samplesAccepted() {
        return samplesAccepted.get();
    }

    /** Nodes whose kubelets currently answer. */
    public int nodesAnswering() {
        long now = clock.millis();
        return (int) coverage.values().stream().filter(c -> c.lastOkMillis != Long.MIN_VALUE && now - c.lastOkMillis <= maxSilenceMillis)
                .count();
    }

    /** Samples held, across all series (for metrics: what the follower costs in memory). */
    public long samplesHeld() {
        return series.values().stream().mapToLong(SeriesSamples::size).sum();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pool.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("closing the kubelet client: {}", e.toString());
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** When a node's kubelet answered: the start of the current unbroken run of answers, and the last one. */
    private static final class NodeCoverage {
        volatile long firstOkMillis = Long.MIN_VALUE;
        volatile long lastOkMillis = Long.MIN_VALUE;
        volatile long retryAfterMillis = Long.MIN_VALUE;
        volatile boolean failing;
        volatile int transientFailures;

        synchronized void answered(long now, long maxSilence) {
            if (lastOkMillis == Long.MIN_VALUE || now - lastOkMillis > maxSilence) {
                firstOkMillis = now;
            }
            lastOkMillis = now;
            retryAfterMillis = Long.MIN_VALUE;
            transientFailures = 0;
        }

        synchronized boolean covers(long from, long to, long now, long maxSilence) {
            return firstOkMillis != Long.MIN_VALUE && firstOkMillis <= from && lastOkMillis >= to && now - lastOkMillis <= maxSilence;
        }
    }

    private record SeriesKey(String namespace, String pod, String container) {
    }

    /** One read of a node's CFS counters: the round's time and per container {periods, throttled periods, throttled seconds}. */
    private record CountersRead(long roundMillis, Map<ContainerKey, double[]> values) {
    }

    /** A node's recent cAdvisor reads, oldest first; about four are kept (three batch windows back). */
    private static final class NodeCounters {
        private final List<CountersRead> reads = new ArrayList<>();

        /** Keeps a read; keys equal to the previous read's share its instances, so a container's names are held once, not per read. */
        synchronized void add(long roundMillis, Map<ContainerKey, double[]> values) {
            Map<ContainerKey, ContainerKey> known = new java.util.HashMap<>();
            if (!reads.isEmpty()) {
                reads.get(reads.size() - 1).values().keySet().forEach(k -> known.put(k, k));
            }
            Map<ContainerKey, double[]> kept = new java.util.HashMap<>(values.size() * 4 / 3 + 1);
            values.forEach((k, v) -> kept.put(known.getOrDefault(k, k), v));
            reads.add(new CountersRead(roundMillis, kept));
        }

        synchronized void dropBefore(long cutoffMillis) {
            reads.removeIf(r -> r.roundMillis() < cutoffMillis);
        }

        /** The reads nearest {@code start} and {@code end}, each within {@code tolerance}, the first before the second; null when none. */
        synchronized CountersRead[] bracketing(long start, long end, long tolerance) {
            CountersRead first = nearest(start, tolerance);
            CountersRead last = nearest(end, tolerance);
            return first == null || last == null || first.roundMillis() >= last.roundMillis() ? null : new CountersRead[] {first, last};
        }

        private CountersRead nearest(long at, long tolerance) {
            CountersRead best = null;
            for (CountersRead r : reads) {
                long distance = Math.abs(r.roundMillis() - at);
                if (distance <= tolerance && (best == null || distance < Math.abs(best.roundMillis() - at))) {
                    best = r;
                }
            }
            return best;
        }
    }

    /**
     * The unpublished samples of one container, ascending per metric; a repeated or older timestamp
     * (a kubelet answering from the same stats twice) is ignored, so a sample counts once.
     */
    private static final class SeriesSamples {
        final SeriesKey key;
        volatile String node;
        private final Points cpu = new Points();
        private final Points memory = new Points();

        SeriesSamples(SeriesKey key) {
            this.key = key;
        }

        synchronized void add(String fromNode, boolean isCpu, long ts, double value) {
            node = fromNode;
            (isCpu ? cpu : memory).add(ts, value);
        }

        /** Timestamps and value bits from the newest point at or before {@code from} to {@code to}; null when none or not on {@code nodes}. */
        synchronized long[][] between(long from, long to, boolean isCpu, Set<String> nodes) {
            if (node == null || !nodes.contains(node)) {
                return null;
            }
            return (isCpu ? cpu : memory).between(from, to);
        }

        /** Drops points before the newest at or before {@code upTo}; true when the series is gone (nothing since {@code goneBefore}). */
        synchronized boolean trim(long upTo, long goneBefore) {
            cpu.trim(upTo);
            memory.trim(upTo);
            return cpu.newest() < goneBefore && memory.newest() < goneBefore;
        }

        synchronized boolean oldestBefore(long cutoff) {
            return cpu.oldest() < cutoff || memory.oldest() < cutoff;
        }

        synchronized long size() {
            return cpu.n + memory.n;
        }
    }

    private static final class Points {
        long[] ts = new long[8];
        long[] bits = new long[8];
        int n;

        void add(long t, double v) {
            if (n > 0 && t <= ts[n - 1]) {
                return;
            }
            if (n == ts.length) {
                ts = java.util.Arrays.copyOf(ts, n * 2);
                bits = java.util.Arrays.copyOf(bits, n * 2);
            }
            ts[n] = t;
            bits[n] = Double.doubleToRawLongBits(v);
            n++;
        }

        long[][] between(long from, long to) {
            int start = 0;
            for (int i = 0; i < n && ts[i] <= from; i++) {
                start = i;
            }
            int end = start;
            while (end < n && ts[end] <= to) {
                end++;
            }
            if (end <= start) {
                return null;
            }
            return new long[][] {java.util.Arrays.copyOfRange(ts, start, end), java.util.Arrays.copyOfRange(bits, start, end)};
        }

        void trim(long upTo) {
            int keep = 0;
            for (int i = 0; i < n && ts[i] <= upTo; i++) {
                keep = i;
            }
            if (keep > 0) {
                System.arraycopy(ts, keep, ts, 0, n - keep);
                System.arraycopy(bits, keep, bits, 0, n - keep);
                n -= keep;
            }
        }

        long newest() {
            return n == 0 ? Long.MIN_VALUE : ts[n - 1];
        }

        long oldest() {
            return n == 0 ? Long.MAX_VALUE : ts[0];
        }
    }
}
