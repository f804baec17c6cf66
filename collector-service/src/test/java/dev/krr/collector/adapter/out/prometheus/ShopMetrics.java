package dev.krr.collector.adapter.out.prometheus;

import dev.krr.collector.app.ClusterView;
import dev.krr.collector.domain.ContainerResources;
import dev.krr.collector.domain.ContainerRole;
import dev.krr.collector.domain.PodPlacement;
import dev.krr.collector.domain.ResourceAmounts;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generated cAdvisor and kube-state-metrics samples (15 s scrapes) for one Deployment {@code shop/web}
 * with pods {@code web-7d9f-aaaaa} (containers web, istio-proxy) and {@code web-7d9f-bbbbb} (web),
 * plus a pod of an unknown workload, with the true answers the tests check:
 * <ul>
 *   <li>CPU of a/web in hour h (since T0): {@code 0.1 + 0.05·(h mod 4)} cores; b/web twice that;
 *       istio-proxy 0.02. b/web's counter resets to 0 at T0+20h30m.</li>
 *   <li>Memory of a/web: 100 MiB + (h mod 24) MiB, with one 300 MiB sample at T0+3h30m15s.</li>
 *   <li>a/web restarts once at T0+5h10m, last terminated reason OOMKilled.</li>
 *   <li>CFS: 10 periods/s, 1 throttled period/s, 0.05 throttled s/s for every container.</li>
 *   <li>istio-proxy is not scraped between T0+7h10m and T0+7h20m (exclusive; it kept using 0.02 cores),
 *       its CPU sample at T0+7h40m is NaN and its memory sample at T0+7h45m is NaN.</li>
 * </ul>
 */
final class ShopMetrics {

    static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");
    static final String POD_A = "web-7d9f-aaaaa";
    static final String POD_B = "web-7d9f-bbbbb";
    static final long MIB = 1L << 20;
    static final int SCRAPE_SECONDS = 15;

    private ShopMetrics() {
    }

    static double cpuA(int hour) {
        return 0.1 + 0.05 * (hour % 4);
    }

    static void write(Writer w, int hours) throws IOException {
        long start = T0.getEpochSecond() - 600;
        long end = T0.getEpochSecond() + hours * 3600L;
        double cpuA = 0;
        double cpuB = 0;
        double cpuIstio = 0;
        double cpuGhost = 0;
        long resetB = T0.getEpochSecond() + 20 * 3600 + 1800;
        long oomAt = T0.getEpochSecond() + 5 * 3600 + 600;
        long spikeAt = T0.getEpochSecond() + 3 * 3600 + 1815;
        long gapFrom = T0.getEpochSecond() + 7 * 3600 + 600;
        long gapTo = T0.getEpochSecond() + 7 * 3600 + 1200;
        long nanCpuAt = T0.getEpochSecond() + 7 * 3600 + 2400;
        long nanMemAt = T0.getEpochSecond() + 7 * 3600 + 2700;
        StringBuilder sb = new StringBuilder();
        for (long t = start; t <= end; t += SCRAPE_SECONDS) {
            int hour = (int) Math.floorDiv(t - T0.getEpochSecond() - 1, 3600L);
            double rA = cpuA(Math.max(hour, 0));
            if (t > start) {
                cpuA += rA * SCRAPE_SECONDS;
                cpuB += 2 * rA * SCRAPE_SECONDS;
                cpuIstio += 0.02 * SCRAPE_SECONDS;
                cpuGhost += 0.5 * SCRAPE_SECONDS;
            }
            if (t == resetB) {
                cpuB = 0;
            }
            long elapsed = t - start;
            line(sb, "container_cpu_usage_seconds_total", "shop", POD_A, "web", cpuA, t);
            line(sb, "container_cpu_usage_seconds_total", "shop", POD_B, "web", cpuB, t);
            boolean istioScraped = t <= gapFrom || t >= gapTo;
            if (istioScraped) {
                line(sb, "container_cpu_usage_seconds_total", "shop", POD_A, "istio-proxy", t == nanCpuAt ? Double.NaN : cpuIstio, t);
            }
            line(sb, "container_cpu_usage_seconds_total", "other", "ghost-1", "x", cpuGhost, t);
            long memA = t == spikeAt ? 300 * MIB : (100 + Math.floorMod(Math.max(hour, 0), 24)) * MIB;
            line(sb, "container_memory_working_set_bytes", "shop", POD_A, "web", memA, t);
            line(sb, "container_memory_working_set_bytes", "shop", POD_B, "web", 200 * MIB, t);
            if (istioScraped) {
                line(sb, "container_memory_working_set_bytes", "shop", POD_A, "istio-proxy", t == nanMemAt ? Double.NaN : 50 * MIB, t);
            }
            line(sb, "container_memory_working_set_bytes", "other", "ghost-1", "x", 10 * MIB, t);
            for (String[] pc : new String[][] {{POD_A, "web"}, {POD_B, "web"}, {POD_A, "istio-proxy"}}) {
                line(sb, "container_cpu_cfs_periods_total", "shop", pc[0], pc[1], 10.0 * elapsed, t);
                line(sb, "container_cpu_cfs_throttled_periods_total", "shop", pc[0], pc[1], 1.0 * elapsed, t);
                line(sb, "container_cpu_cfs_throttled_seconds_total", "shop", pc[0], pc[1], 0.05 * elapsed, t);
                line(sb, "kube_pod_container_status_restarts_total", "shop", pc[0], pc[1],
                        pc[0].equals(POD_A) && pc[1].equals("web") && t >= oomAt ? 1 : 0, t);
            }
            if (t >= oomAt) {
                sb.append("kube_pod_container_status_last_terminated_reason{namespace=\"shop\",pod=\"").append(POD_A)
                        .append("\",container=\"web\",reason=\"OOMKilled\"} 1 ").append(t).append('\n');
            }
            if (sb.length() > 1 << 20) {
                w.write(sb.toString());
                sb.setLength(0);
            }
        }
        w.write(sb.toString());
    }

    /**
     * The CPU counter (core-seconds) of a {@code shop} container at scrape time {@code t} (epoch s, on
     * the 15 s grid), exactly as {@link #write} wrote it: what a kubelet would have served at that time.
     */
    static double cpuCounter(String pod, String container, long t) {
        long start = T0.getEpochSecond() - 600;
        long resetB = T0.getEpochSecond() + 20 * 3600 + 1800;
        double v = 0;
        for (long s = start + SCRAPE_SECONDS; s <= t; s += SCRAPE_SECONDS) {
            double rA = cpuA(Math.max((int) Math.floorDiv(s - T0.getEpochSecond() - 1, 3600L), 0));
            v += container.equals("istio-proxy") ? 0.02 * SCRAPE_SECONDS : pod.equals(POD_B) ? 2 * rA * SCRAPE_SECONDS : rA * SCRAPE_SECONDS;
            if (pod.equals(POD_B) && s == resetB) {
                v = 0;
            }
        }
        return v;
    }

    /** The working set of a {@code shop} container at scrape time {@code t}, as {@link #write} wrote it (ignoring the NaN sample). */
    static double workingSet(String pod, String container, long t) {
        if (container.equals("istio-proxy")) {
            return 50 * MIB;
        }
        if (pod.equals(POD_B)) {
            return 200 * MIB;
        }
        int hour = (int) Math.floorDiv(t - T0.getEpochSecond() - 1, 3600L);
        return t == T0.getEpochSecond() + 3 * 3600 + 1815 ? 300 * MIB : (100 + Math.floorMod(Math.max(hour, 0), 24)) * MIB;
    }

    private static void line(StringBuilder sb, String metric, String ns, String pod, String container, double v, long t) {
        sb.append(metric).append("{namespace=\"").append(ns).append("\",pod=\"").append(pod).append("\",container=\"")
                .append(container).append("\"} ").append(v).append(' ').append(t).append('\n');
    }

    static final WorkloadId WEB = new WorkloadId("shop", "Deployment", "web");

    /** The cluster as discovery would see it: one Deployment with its two pods (the ghost pod is unknown). */
    static ClusterView cluster() {
        ResourceAmounts requests = new ResourceAmounts(250L, 256 * MIB, null, null);
        ResourceAmounts limits = new ResourceAmounts(null, 512 * MIB, null, null);
        WorkloadState web = new WorkloadState(WEB, "uid-web", Map.of("app", "web"), Map.of(), Map.of(), null, 2,
                List.of(new ContainerResources("web", ContainerRole.MAIN, requests, limits, "web:1"),
                        new ContainerResources("istio-proxy", ContainerRole.INJECTED, requests, ResourceAmounts.NONE, "proxy:1")),
                null, List.of(new PodPlacement(POD_A, "n1", "Running"), new PodPlacement(POD_B, "n2", "Running")), T0);
        return new ClusterView() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public Collection<WorkloadState> workloads() {
                return List.of(web);
            }

            @Override
            public Optional<WorkloadId> workloadOfPod(String namespace, String pod) {
                return namespace.equals("shop") && pod.startsWith("web-") ? Optional.of(WEB) : Optional.empty();
            }
        };
    }
}
