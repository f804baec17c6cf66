package dev.krr.strategy.domain.strategy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the KRR-compatible strategies, with KRR v1.29's defaults except
 * {@code useOomKillData}, which KRR leaves off and krr turns on (an OOM kill is the strongest
 * evidence memory is short).
 *
 * @param history KRR's sliding window (14 days)
 * @param cpuPercentile simple: CPU request percentile (95)
 * @param cpuRequestPercentile simple-limit: CPU request percentile (66)
 * @param cpuLimitPercentile simple-limit: CPU limit percentile (96)
 * @param memoryBufferPercentage added to the max working set (15)
 * @param oomMemoryBufferPercentage added to the memory limit at OOM (25)
 * @param useOomKillData whether OOM kills raise memory
 * @param pointsRequired fewer points than this → "Not enough data" (100)
 * @param allowHpa recommend even when an HPA scales on the same resource
 * @param minCpuMillicores floor of any CPU answer (10)
 * @param minMemoryBytes floor of any memory answer (100 MiB)
 */
public record KrrSettings(Duration history, double cpuPercentile, double cpuRequestPercentile, double cpuLimitPercentile,
                          double memoryBufferPercentage, double oomMemoryBufferPercentage, boolean useOomKillData,
                          long pointsRequired, boolean allowHpa, long minCpuMillicores, long minMemoryBytes) {

    public KrrSettings {
        if (history == null || history.isNegative() || history.isZero()) {
            throw new IllegalArgumentException("history must be positive, was " + history);
        }
        for (double p : new double[] {cpuPercentile, cpuRequestPercentile, cpuLimitPercentile}) {
            if (!(p > 0 && p <= 100)) {
                throw new IllegalArgumentException("CPU percentiles must be in (0, 100], got " + p);
            }
        }
        if (memoryBufferPercentage < 0 || oomMemoryBufferPercentage < 0) {
            throw new IllegalArgumentException("memory buffers must be >= 0");
        }
        if (pointsRequired < 0 || minCpuMillicores < 0 || minMemoryBytes < 0) {
            throw new IllegalArgumentException("pointsRequired and minimums must be >= 0");
        }
    }

    public static KrrSettings defaults() {
        return new KrrSettings(Duration.ofDays(14), 95, 66, 96, 15, 25, true, 100, false, 10, 100 * Rounding.MIB);
    }

    Map<String, String> asText() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("history", history.toString());
        m.put("cpu_percentile", fmt(cpuPercentile));
        m.put("cpu_request_percentile", fmt(cpuRequestPercentile));
        m.put("cpu_limit_percentile", fmt(cpuLimitPercentile));
        m.put("memory_buffer_percentage", fmt(memoryBufferPercentage));
        m.put("oom_memory_buffer_percentage", fmt(oomMemoryBufferPercentage));
        m.put("use_oomkill_data", String.valueOf(useOomKillData));
        m.put("points_required", String.valueOf(pointsRequired));
        m.put("allow_hpa", String.valueOf(allowHpa));
        m.put("min_cpu_millicores", String.valueOf(minCpuMillicores));
        m.put("min_memory_bytes", String.valueOf(minMemoryBytes));
        return m;
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
