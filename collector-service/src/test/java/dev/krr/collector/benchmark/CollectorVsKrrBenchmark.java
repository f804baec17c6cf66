package dev.krr.collector.benchmark;

import dev.krr.collector.adapter.out.prometheus.PrometheusClient;
import dev.krr.collector.adapter.out.prometheus.PrometheusUsageSource;
import dev.krr.collector.app.ClusterView;
import dev.krr.collector.app.UsageIngestService;
import dev.krr.collector.app.UsageSink;
import dev.krr.collector.domain.ContainerResources;
import dev.krr.collector.domain.ContainerRole;
import dev.krr.collector.domain.PodPlacement;
import dev.krr.collector.domain.ResourceAmounts;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import dev.krr.testsupport.PrometheusTestServer;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * The collector's Prometheus backfill versus KRR's per-row query pattern, against the same real
 * Prometheus (a fresh process per phase), measuring query count, wall time, Prometheus CPU-seconds
 * (from /proc), Prometheus peak RSS (VmHWM) and the collector's peak heap. Not a test: run it as
 * described in docs/benchmarks.md#collector-service.
 *
 * <p>Arguments: {@code pods days scrapeSeconds followMinutes [existingDir]} (default 300 14 30 60); with
 * {@code existingDir} the data backfilled by an earlier run (kept there) is reused. Pods are in
 * Deployments of 3 pods, 10 Deployments per namespace, one container each; KRR's rows are therefore
 * pods/3.
 */
public final class CollectorVsKrrBenchmark {

    static final Instant END = Instant.parse("2026-11-24T00:00:00Z");

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 14;
        int scrape = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int followMinutes = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        boolean reuse = args.length > 4;
        Path dir = reuse ? Path.of(args[4]) : Files.createTempDirectory("krr-collector-bench");
        Instant start = END.minus(Duration.ofDays(days));
        long t0 = System.nanoTime();
        PrometheusTestServer prometheus = reuse ? PrometheusTestServer.open(dir)
                : PrometheusTestServer.start(dir, w -> write(w, pods, start, scrape));
        System.out.printf("data: %d pods x %d days at %d s scrape, %s in %.0f s%n", pods, days, scrape,
                reuse ? "reusing " + dir : "backfilled with promtool", (System.nanoTime() - t0) / 1e9);
        ClusterView cluster = cluster(pods);
        String phases = System.getProperty("phases", "krr,collector,follow");
        Result none = new Result("(not run)", 1, 0, 1, 1, 0);
        try {
            Result krr = none;
            if (phases.contains("krr")) {
                prometheus = prometheus.restart();
                try (AnonSampler a = new AnonSampler(prometheus.pid())) {
                    krr = krr(prometheus, pods, days);
                }
                krr = withAnon(krr);
                System.out.println(krr);
            }
            Result collector = none;
            if (phases.contains("collector")) {
                prometheus = prometheus.restart();
                try (AnonSampler a = new AnonSampler(prometheus.pid())) {
                    collector = collector(prometheus, cluster, days);
                }
                collector = withAnon(collector);
                System.out.println(collector);
            }
            prometheus = prometheus.restart();
            Result follow;
            try (AnonSampler a = new AnonSampler(prometheus.pid())) {
                follow = follow(prometheus, cluster, followMinutes);
            }
            follow = withAnon(follow);
            System.out.println(follow);
            double idle0 = prometheus.cpuSeconds();
            Thread.sleep((long) (follow.wallSeconds * 1000));
            Result idle = new Result("Prometheus idle for the follow phase's wall time", 0, follow.wallSeconds,
                    prometheus.cpuSeconds() - idle0, prometheus.peakRssBytes(), 0, 0);
            System.out.println(idle);
            System.out.println();
            System.out.println("| phase | queries | wall s | Prometheus CPU s | Prometheus peak RSS MiB | Prometheus peak anon RSS MiB | client peak heap MiB |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Result r : List.of(krr, collector, follow, idle)) {
                System.out.printf("| %s | %d | %.1f | %.2f | %.0f | %.0f | %.0f |%n", r.name, r.queries, r.wallSeconds, r.promCpuSeconds,
                        r.promPeakRss / 1048576.0, r.promPeakAnon / 1048576.0, r.clientPeakHeap / 1048576.0);
            }
            double dayOfFollowCpu = Math.max(0, follow.promCpuSeconds - idle.promCpuSeconds) * (1440.0 / followMinutes);
            System.out.printf("%nratios: queries KRR/collector = %.0fx, Prometheus CPU collector/KRR = %.2f, peak RSS collector/KRR = %.2f,"
                    + " a day of follow (extrapolated from %d min, idle subtracted) = %.2f CPU-s = %.1f %% of one KRR scan%n",
                    (double) krr.queries / collector.queries, collector.promCpuSeconds / krr.promCpuSeconds,
                    (double) collector.promPeakRss / krr.promPeakRss, followMinutes, dayOfFollowCpu, 100 * dayOfFollowCpu / krr.promCpuSeconds);
        } finally {
            prometheus.close();
            if (reuse) {
                return;
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    record Result(String name, long queries, double wallSeconds, double promCpuSeconds, long promPeakRss, long clientPeakHeap,
            long promPeakAnon) {

        Result(String name, long queries, double wallSeconds, double promCpuSeconds, long promPeakRss, long clientPeakHeap) {
            this(name, queries, wallSeconds, promCpuSeconds, promPeakRss, clientPeakHeap, AnonSampler.lastPeak);
        }
    }

    /**
     * Samples Prometheus' anonymous resident memory ({@code RssAnon}: heap and stacks, without the
     * file-backed pages of the mmap'ed blocks that {@code VmHWM} also counts and that the kernel can
     * drop) every 50 ms during a phase; the kernel keeps no peak of it.
     */
    static final class AnonSampler implements AutoCloseable {
        static volatile long lastPeak;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;

        AnonSampler(long pid) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                            if (line.startsWith("RssAnon:")) {
                                peak = Math.max(peak, Long.parseLong(line.substring(8).trim().split("\\s+")[0]) * 1024);
                            }
                        }
                        Thread.sleep(50);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "anon-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
            lastPeak = peak;
        }
    }

    static String ns(int pod) {
        return "ns-" + (pod / 30);
    }

    static String deployment(int pod) {
        return "app-" + (pod / 3);
    }

    static String podName(int pod) {
        return deployment(pod) + "-5d8f7c9b4-" + String.format("%05d", pod);
    }

    static Result withAnon(Result r) {
        return new Result(r.name, r.queries, r.wallSeconds, r.promCpuSeconds, r.promPeakRss, r.clientPeakHeap, AnonSampler.lastPeak);
    }

    /** Receives the sample lines of one scrape timestamp {@code t} (epoch seconds). */
    @FunctionalInterface
    interface ScrapeSink {
        void accept(long t, String lines) throws java.io.IOException;
    }

    static void write(Writer w, int pods, Instant start, int scrape) throws java.io.IOException {
        write((t, lines) -> w.write(lines), pods, start, scrape);
    }

    /** CPU: a per-deployment base with a daily cycle and per-pod jitter; memory: base plus a slow sawtooth. */
    static void write(ScrapeSink out, int pods, Instant start, int scrape) throws java.io.IOException {
        double[] cpu = new double[pods];
        StringBuilder sb = new StringBuilder(1 << 21);
        String[] labels = new String[pods];
        for (int p = 0; p < pods; p++) {
            labels[p] = "{namespace=\"" + ns(p) + "\",pod=\"" + podName(p) + "\",container=\"app\"} ";
        }
        for (long t = start.getEpochSecond(); t <= END.getEpochSecond(); t += scrape) {
            double cycle = (1 - Math.cos(2 * Math.PI * ((t % 86400) - 14400) / 86400.0)) / 2;
            for (int p = 0; p < pods; p++) {
                double base = 0.05 + 0.01 * ((p / 3) % 40);
                double jitter = ((t / scrape * 2654435761L + p * 40503L) & 1023) / 1023.0;
                cpu[p] += (base * (0.5 + cycle) + 0.02 * jitter) * scrape;
                long mem = (200L << 20) + ((p % 50) << 20) + (((t / 3600) % 24) << 20);
                sb.append("container_cpu_usage_seconds_total").append(labels[p]).append(cpu[p]).append(' ').append(t).append('\n');
                sb.append("container_memory_working_set_bytes").append(labels[p]).append(mem).append(' ').append(t).append('\n');
            }
            out.accept(t, sb.toString());
            sb.setLength(0);
        }
    }

    static ClusterView cluster(int pods) {
        List<WorkloadState> states = new ArrayList<>();
        ResourceAmounts req = new ResourceAmounts(500L, 512L << 20, null, null);
        for (int d = 0; d < (pods + 2) / 3; d++) {
            List<PodPlacement> placements = new ArrayList<>();
            for (int p = d * 3; p < Math.min(pods, d * 3 + 3); p++) {
                placements.add(new PodPlacement(podName(p), "node-" + (p % 20), "Running"));
            }
            states.add(new WorkloadState(new WorkloadId(ns(d * 3), "Deployment", deployment(d * 3)), "u" + d, Map.of(), Map.of(),
                    Map.of(), null, 3, List.of(new ContainerResources("app", ContainerRole.MAIN, req, req, "app")), null, placements, null));
        }
        return new ClusterView() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public Collection<WorkloadState> workloads() {
                return states;
            }

            @Override
            public Optional<WorkloadId> workloadOfPod(String namespace, String pod) {
                int dash = pod.indexOf("-5d8f7c9b4-");
                return dash < 0 ? Optional.empty() : Optional.of(new WorkloadId(namespace, "Deployment", pod.substring(0, dash)));
            }
        };
    }

    static PrometheusClient client(PrometheusTestServer prometheus) throws Exception {
        return client(prometheus.url());
    }

    static PrometheusClient client(String url) throws Exception {
        // The production defaults of collector.yml: 5 queries/s, 2 in flight.
        return new PrometheusClient(new PrometheusClient.Settings(url, Map.of(), null, null, Duration.ofMinutes(5),
                SSLContext.getDefault()),
                RateLimiter.of("bench", RateLimiterConfig.custom().limitForPeriod(5).limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ofMinutes(10)).build()),
                Bulkhead.of("bench", BulkheadConfig.custom().maxConcurrentCalls(2).maxWaitDuration(Duration.ofMinutes(10)).build()),
                Retry.ofDefaults("bench"), CircuitBreaker.ofDefaults("bench"));
    }

    /** KRR's four metric queries per workload × container row, at KRR's default concurrency of 10. */
    static Result krr(PrometheusTestServer prometheus, int pods, int days) throws Exception {
        PrometheusClient unguarded = new PrometheusClient(new PrometheusClient.Settings(prometheus.url(), Map.of(), null, null,
                Duration.ofMinutes(5), SSLContext.getDefault()), RateLimiter.of("krr", RateLimiterConfig.custom().limitForPeriod(100000)
                .limitRefreshPeriod(Duration.ofSeconds(1)).build()), Bulkhead.of("krr", BulkheadConfig.custom().maxConcurrentCalls(10).build()),
                Retry.ofDefaults("krr"), CircuitBreaker.ofDefaults("krr"));
        double cpu0 = prometheus.cpuSeconds();
        resetHeapPeaks();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<?>> futures = new ArrayList<>();
        AtomicLong series = new AtomicLong();
        String range = "[" + days + "d:75s]";
        for (int d = 0; d < (pods + 2) / 3; d++) {
            StringBuilder podRegex = new StringBuilder();
            for (int p = d * 3; p < Math.min(pods, d * 3 + 3); p++) {
                podRegex.append(podRegex.length() == 0 ? "" : "|").append(podName(p));
            }
            String sel = "{namespace=\"" + ns(d * 3) + "\",pod=~\"" + podRegex + "\",container=\"app\"}";
            for (String q : List.of(
                    "quantile_over_time(0.95, max(rate(container_cpu_usage_seconds_total" + sel + "[75s])) by (container, pod, job)" + range + ")",
                    "count_over_time(max(container_cpu_usage_seconds_total" + sel + ") by (container, pod, job)" + range + ")",
                    "max_over_time(max(container_memory_working_set_bytes" + sel + ") by (container, pod, job)" + range + ")",
                    "count_over_time(max(container_memory_working_set_bytes" + sel + ") by (container, pod, job)" + range + ")")) {
                futures.add(pool.submit(() -> series.addAndGet(unguarded.query(q, END).size())));
            }
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("KRR pattern: %d queries, %d series answered%n", unguarded.queriesSent(), series.get());
        return new Result("KRR per-row pattern (4 queries/row, concurrency 10)", unguarded.queriesSent(), wall,
                prometheus.cpuSeconds() - cpu0, prometheus.peakRssBytes(), heapPeak());
    }

    /** Chunk length: production default unless {@code -Dchunk=12h}. */
    static Duration chunk() {
        return Duration.parse("PT" + System.getProperty("chunk", "24h").toUpperCase());
    }

    /** Raw read API: production default unless {@code -Dapi=query}. */
    static PrometheusUsageSource.RawReadApi api() {
        return "query".equals(System.getProperty("api")) ? PrometheusUsageSource.RawReadApi.QUERY
                : PrometheusUsageSource.RawReadApi.REMOTE_READ;
    }

    /** Container budget per query: production default unless {@code -DmaxContainers=N}. */
    static int maxContainers() {
        return Integer.getInteger("maxContainers", 0);
    }

    /** The collector's backfill through the real UsageIngestService with its production defaults (24 h chunks, 60 s step). */
    static Result collector(PrometheusTestServer prometheus, ClusterView cluster, int days) throws Exception {
        PrometheusClient client = client(prometheus);
        PrometheusUsageSource source = new PrometheusUsageSource(client, cluster, Duration.ofSeconds(60), chunk(),
                null, null, 0, maxContainers(), api());
        CountingSink sink = new CountingSink();
        UsageIngestService ingest = new UsageIngestService(source, sink, cluster, Clock.fixed(END.plus(Duration.ofMinutes(1)), ZoneOffset.UTC),
                Duration.ofDays(days), Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMinutes(1));
        double cpu0 = prometheus.cpuSeconds();
        resetHeapPeaks();
        long t0 = System.nanoTime();
        ingest.catchUp();
        double wall = (System.nanoTime() - t0) / 1e9;
        if (ingest.status().lastError() != null) {
            throw new IllegalStateException(ingest.status().lastError());
        }
        System.out.printf("collector backfill: %d queries, %d windows, %d CPU samples%n", client.queriesSent(), sink.windows, sink.samples);
        return new Result("collector backfill (" + api() + ", " + chunk().toHours() + " h chunks, max " + maxContainers()
                + " containers/query)",
                client.queriesSent(), wall, prometheus.cpuSeconds() - cpu0,
                prometheus.peakRssBytes(), heapPeak());
    }

    /** Follow interval in minutes: 1 (the production default) unless {@code -DfollowInterval=15}. */
    static int followInterval() {
        return Integer.getInteger("followInterval", 1);
    }

    /** Follow mode: one read per follow interval for the last {@code minutes} minutes of data. */
    static Result follow(PrometheusTestServer prometheus, ClusterView cluster, int minutes) throws Exception {
        PrometheusClient client = client(prometheus);
        PrometheusUsageSource source = new PrometheusUsageSource(client, cluster, Duration.ofSeconds(60), chunk(),
                null, null, 0, maxContainers(), api());
        int interval = followInterval();
        double cpu0 = prometheus.cpuSeconds();
        resetHeapPeaks();
        long t0 = System.nanoTime();
        for (int i = minutes; i > 0; i -= interval) {
            Instant to = END.minus(Duration.ofMinutes(i - interval));
            source.read(to.minus(Duration.ofMinutes(interval)), to, Duration.ofHours(1));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Result("collector follow (" + api() + "), " + minutes / interval + " reads of " + interval + " min", client.queriesSent(), wall,
                prometheus.cpuSeconds() - cpu0, prometheus.peakRssBytes(), heapPeak());
    }

    static final class CountingSink implements UsageSink {
        long windows;
        long samples;
        Instant watermark;

        @Override
        public void publish(String source, List<UsageWindow> batch, Instant newWatermark) {
            windows += batch.size();
            batch.forEach(w -> w.containers().forEach(c -> samples += c.cpuSampleCount()));
            watermark = newWatermark;
        }

        @Override
        public Optional<Instant> watermark(String source) {
            return Optional.ofNullable(watermark);
        }
    }

    static void resetHeapPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
