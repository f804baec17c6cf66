package dev.krr.collector.benchmark;

import dev.krr.collector.KubeletClusterView;
import dev.krr.collector.MovableClock;
import dev.krr.collector.adapter.out.kubelet.DirectKubeletClient;
import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer;
import dev.krr.collector.adapter.out.kubelet.KubeletUsageFollower;
import dev.krr.collector.adapter.out.prometheus.PrometheusClient;
import dev.krr.collector.adapter.out.prometheus.PrometheusUsageSource;
import dev.krr.collector.app.ClusterView;
import dev.krr.collector.domain.ContainerUsage;
import dev.krr.collector.domain.KubeletEndpoint;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.testsupport.FreePorts;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A day of following, priced in Prometheus CPU: the collector follows the same minutes of the same
 * 3,000-pod fleet twice, once reading Prometheus every minute ({@code follow-source: prometheus})
 * and once from the kubelets ({@code follow-source: kubelet}), against one real Prometheus whose
 * head holds those minutes (fed by remote write, as in {@link FollowFromHeadBenchmark}) including
 * cAdvisor's CFS counters and kube-state-metrics' restarts, so the hourly counters request costs
 * what it would in a cluster. The kubelets are emulated ({@link KubeletFleetServer}: real HTTPS,
 * the kubelet's text format) and serve, at each simulated scrape instant, exactly the samples
 * Prometheus holds for that instant; the two follows' results are compared container by container.
 *
 * <p>Time is simulated: the kubelets' clock jumps 30 s per scrape round, so an hour of following
 * runs in seconds; Prometheus CPU-seconds come from /proc, minus Prometheus' idle CPU over the
 * same wall time. Arguments: {@code pods minutes} (default 3000 60); 20 nodes.
 */
public final class KubeletFollowBenchmark {

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int nodes = 20; // CollectorVsKrrBenchmark.cluster places pod p on node-(p % 20)
        int scrape = 30;
        Instant end = CollectorVsKrrBenchmark.END;
        Instant start = end.minus(Duration.ofMinutes(minutes + 30));
        int scrapes = (int) (Duration.between(start, end).toSeconds() / scrape) + 1;
        double[][] cpu = new double[pods][scrapes];
        double[][] mem = new double[pods][scrapes];
        Map<String, Integer> podIndex = new HashMap<>();
        for (int p = 0; p < pods; p++) {
            podIndex.put(CollectorVsKrrBenchmark.podName(p), p);
        }

        Path dir = Files.createTempDirectory("krr-kubelet-follow");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\n");
        int port = FreePorts.next();
        Process prom = new ProcessBuilder(List.of("/usr/bin/prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver", "--log.level=warn"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        MovableClock clock = new MovableClock(start);
        ClusterView base = CollectorVsKrrBenchmark.cluster(pods);
        try (KubeletFleetServer fleet = KubeletFleetServer.builder().clock(clock).nodes(nodes).bearerToken("bench").start()) {
            FollowFromHeadBenchmark.awaitReady(http, url);
            long t0 = System.nanoTime();
            CollectorVsKrrBenchmark.write((t, lines) -> {
                int k = (int) ((t - start.getEpochSecond()) / scrape);
                StringBuilder counters = new StringBuilder(lines.length() * 2);
                for (String line : lines.split("\n")) {
                    int podAt = line.indexOf("pod=\"") + 5;
                    int p = podIndex.get(line.substring(podAt, line.indexOf('"', podAt)));
                    double v = Double.parseDouble(line.substring(line.indexOf("} ") + 2, line.lastIndexOf(' ')));
                    if (line.startsWith("container_cpu_usage_seconds_total")) {
                        cpu[p][k] = v;
                        // cAdvisor's CFS counters and kube-state-metrics' restarts, for the hourly counters request
                        String labels = line.substring(line.indexOf('{'), line.indexOf("} ") + 1);
                        long elapsed = t - start.getEpochSecond();
                        counters.append("container_cpu_cfs_periods_total").append(labels).append(' ').append(10 * elapsed).append(' ').append(t).append('\n')
                                .append("container_cpu_cfs_throttled_periods_total").append(labels).append(' ').append(elapsed).append(' ').append(t).append('\n')
                                .append("container_cpu_cfs_throttled_seconds_total").append(labels).append(' ').append(0.05 * elapsed).append(' ').append(t).append('\n')
                                .append("kube_pod_container_status_restarts_total").append(labels).append(" 0 ").append(t).append('\n');
                    } else {
                        mem[p][k] = v;
                    }
                }
                FollowFromHeadBenchmark.write(http, url, lines + counters);
            }, pods, start, scrape);
            System.out.printf("wrote %d min of %d pods (CPU, memory, 3 CFS counters, restarts) into the head in %.0f s%n",
                    minutes + 30, pods, (System.nanoTime() - t0) / 1e9);
            for (int p = 0; p < pods; p++) {
                int pod = p;
                fleet.node("node-" + (p % nodes)).add(new KubeletFleetServer.Container(CollectorVsKrrBenchmark.ns(p),
                        CollectorVsKrrBenchmark.podName(p), "app", ms -> cpu[pod][index(ms, start, scrape, scrapes)],
                        ms -> mem[pod][index(ms, start, scrape, scrapes)]))
                        // the same CFS counters as written to Prometheus: every container has a CPU quota here
                        .quota(CollectorVsKrrBenchmark.ns(p), CollectorVsKrrBenchmark.podName(p), "app",
                                KubeletFleetServer.Cfs.steady(start.toEpochMilli(), 10, 1, 0.05));
            }
            ClusterView cluster = withKubelets(base, fleet, nodes);
            Instant from = end.minus(Duration.ofMinutes(minutes));

            // A: every follow minute read from Prometheus
            PrometheusClient clientA = CollectorVsKrrBenchmark.client(url);
            PrometheusUsageSource viaPrometheus = new PrometheusUsageSource(clientA, cluster, Duration.ofSeconds(60),
                    CollectorVsKrrBenchmark.chunk(), null, null, 0, 0, CollectorVsKrrBenchmark.api());
            Phase a = follow(prom.pid(), viaPrometheus, null, clock, from, minutes, scrape);
            double idleA = idle(prom.pid(), a.wallSeconds);

            // B: the same minutes from the kubelets
            Path token = Files.writeString(dir.resolve("token"), "bench");
            DirectKubeletClient kubelets = new DirectKubeletClient(new DirectKubeletClient.Settings("https", token,
                    fleet.writeCaCertificate(dir.resolve("ca.pem")), false, Duration.ofSeconds(10)), clock);
            PrometheusClient clientB = CollectorVsKrrBenchmark.client(url);
            PrometheusUsageSource viaKubelets = new PrometheusUsageSource(clientB, cluster, Duration.ofSeconds(60),
                    CollectorVsKrrBenchmark.chunk(), null, null, 0, 0, CollectorVsKrrBenchmark.api());
            Phase b;
            double serverCpu;
            try (KubeletUsageFollower follower = new KubeletUsageFollower(kubelets, cluster::kubelets, clock, Duration.ofSeconds(scrape),
                    8, Duration.ofMinutes(30), Duration.ofHours(1)).alignedTo(Duration.ofSeconds(60))) {
                viaKubelets.followFrom(follower);
                // the kubelets are asked for a minute before the first followed minute, as after a backfill
                for (Instant t = from.minusSeconds(60); !t.isAfter(from); t = t.plusSeconds(scrape)) {
                    clock.now = t;
                    follower.scrapeRound();
                }
                double server0 = threadCpuSeconds("kubelet-fleet");
                b = follow(prom.pid(), viaKubelets, follower, clock, from, minutes, scrape);
                serverCpu = threadCpuSeconds("kubelet-fleet") - server0;
                System.out.printf("kubelet follow: %d scrapes ok, %d failed, %d samples, %d reads from the kubelets, %d pods from Prometheus%n",
                        follower.scrapesOk(), follower.scrapesFailed(), follower.samplesAccepted(), viaKubelets.readsFromKubelets(),
                        viaKubelets.podsFilledFromPrometheus());
            }
            double idleB = idle(prom.pid(), b.wallSeconds);

            // the emulated kubelets' own share of B's JVM CPU: rendering every node's body once per round
            double renderCpu = renderCpuSeconds(fleet, minutes * 60 / scrape + 2);

            double maxCpuDiff = 0;
            long memDiffs = 0;
            double maxThrottlingDiff = 0;
            long withThrottling = 0;
            for (Map.Entry<String, double[]> e : a.totals.entrySet()) {
                double[] other = b.totals.get(e.getKey());
                if (other == null) {
                    throw new IllegalStateException("kubelet follow lost " + e.getKey());
                }
                maxCpuDiff = Math.max(maxCpuDiff, Math.abs(e.getValue()[0] - other[0]));
                memDiffs += e.getValue()[1] == other[1] ? 0 : 1;
                withThrottling += e.getValue()[2] > 0 ? 1 : 0;
                for (int i = 2; i < 5; i++) {
                    maxThrottlingDiff = Math.max(maxThrottlingDiff, Math.abs(e.getValue()[i] - other[i]) / Math.max(1, e.getValue()[i]));
                }
            }
            double dayA = Math.max(0, a.promCpu - idleA) * 1440.0 / minutes;
            double dayB = Math.max(0, b.promCpu - idleB) * 1440.0 / minutes;
            System.out.printf("%-36s %8s %8s %10s %10s %14s %12s%n", "follow of " + pods + " pods, " + minutes + " min", "requests",
                    "wall s", "Prom CPU-s", "idle CPU-s", "Prom CPU-s/day", "JVM CPU-s");
            System.out.printf("%-36s %8d %8.1f %10.2f %10.2f %14.2f %12.2f%n", "A: follow-source=prometheus", clientA.queriesSent(),
                    a.wallSeconds, a.promCpu, idleA, dayA, a.jvmCpu);
            System.out.printf("%-36s %8d %8.1f %10.2f %10.2f %14.2f %12.2f (of which the emulated kubelets' server threads %.2f;"
                    + " rendering alone %.2f)%n", "B: follow-source=kubelet", clientB.queriesSent(), b.wallSeconds, b.promCpu, idleB, dayB,
                    b.jvmCpu, serverCpu, renderCpu);
            System.out.printf("containers %d vs %d; max |CPU core-minutes A - B| = %.2e; memory peaks differing: %d; "
                    + "CFS counters of %d containers, max relative difference %.2e%n", a.totals.size(), b.totals.size(), maxCpuDiff, memDiffs,
                    withThrottling, maxThrottlingDiff);
        } finally {
            prom.destroy();
            prom.waitFor(20, TimeUnit.SECONDS);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static int index(double ms, Instant start, int scrape, int scrapes) {
        int k = (int) Math.round((ms / 1000 - start.getEpochSecond()) / scrape);
        return Math.max(0, Math.min(scrapes - 1, k));
    }

    record Phase(double wallSeconds, double promCpu, double jvmCpu, Map<String, double[]> totals) {
    }

    /** Follows {@code minutes} one-minute reads from {@code from}; with a follower, two scrape rounds precede each read. */
    private static Phase follow(long promPid, PrometheusUsageSource source, KubeletUsageFollower follower, MovableClock clock,
            Instant from, int minutes, int scrape) throws Exception {
        Map<String, double[]> totals = new HashMap<>();
        double cpu0 = FollowFromHeadBenchmark.cpuSeconds(promPid);
        double jvm0 = jvmCpuSeconds();
        long w0 = System.nanoTime();
        for (int m = 0; m < minutes; m++) {
            Instant a = from.plus(Duration.ofMinutes(m));
            Instant b = a.plus(Duration.ofMinutes(1));
            if (follower != null) {
                for (Instant t = a.plusSeconds(scrape); !t.isAfter(b); t = t.plusSeconds(scrape)) {
                    clock.now = t;
                    follower.scrapeRound();
                }
            }
            clock.now = b;
            for (UsageWindow w : source.read(a, b, Duration.ofHours(1))) {
                for (ContainerUsage c : w.containers()) {
                    if (System.getProperty("debugPod", "").equals(c.pod())) {
                        System.out.println((follower == null ? "A " : "B ") + w.start() + " " + java.util.Arrays.toString(c.cpuCores()));
                    }
                    double[] t = totals.computeIfAbsent(c.pod() + "/" + c.container(), k -> new double[5]);
                    if (c.throttling() != null) {
                        t[2] += c.throttling().periods();
                        t[3] += c.throttling().throttledPeriods();
                        t[4] += c.throttling().throttledSeconds();
                    }
                    for (float x : c.cpuCores()) {
                        t[0] += Float.isNaN(x) ? 0 : x;
                    }
                    t[1] = Math.max(t[1], c.memoryPeakBytes());
                }
            }
        }
        double wall = (System.nanoTime() - w0) / 1e9;
        return new Phase(wall, FollowFromHeadBenchmark.cpuSeconds(promPid) - cpu0, jvmCpuSeconds() - jvm0, totals);
    }

    private static double idle(long promPid, double wallSeconds) throws Exception {
        double c0 = FollowFromHeadBenchmark.cpuSeconds(promPid);
        Thread.sleep((long) (wallSeconds * 1000));
        return FollowFromHeadBenchmark.cpuSeconds(promPid) - c0;
    }

    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** CPU of the live threads whose name starts with {@code prefix} (the fleet's pool keeps its threads 60 s). */
    private static double threadCpuSeconds(String prefix) {
        var threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total / 1e9;
    }

    private static double renderCpuSeconds(KubeletFleetServer fleet, int rounds) {
        var threads = ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        long bytes = 0;
        for (int r = 0; r < rounds; r++) {
            for (KubeletFleetServer.Node n : fleet.nodes()) {
                bytes += KubeletFleetServer.render(n.containers(), CollectorVsKrrBenchmark.END.toEpochMilli(), false).length();
            }
        }
        if (bytes == 0) {
            throw new IllegalStateException("nothing rendered");
        }
        return (threads.getCurrentThreadCpuTime() - c0) / 1e9;
    }

    private static ClusterView withKubelets(ClusterView base, KubeletFleetServer fleet, int nodes) {
        List<KubeletEndpoint> endpoints = fleet.nodes().stream().map(KubeletFleetServer.Node::endpoint).toList();
        if (endpoints.size() != nodes) {
            throw new IllegalStateException("fleet has " + endpoints.size() + " nodes");
        }
        return new KubeletClusterView(base, () -> endpoints);
    }
}
