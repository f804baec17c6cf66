package dev.krr.collector.domain;

import java.time.Instant;

/**
 * Usage of one container of one pod over a window. {@code cpuCores[i]} is the CPU used in step i
 * ({@code [windowStart + i*step, windowStart + (i+1)*step)}); {@code NaN} marks a step without
 * data, so a gap never reads as "idle". Memory is the peak working set over the window, with the
 * per-step samples kept for percentile strategies ({@code -1} marks a missing step).
 */
public record ContainerUsage(String pod, String container, String node, int stepSeconds, float[] cpuCores,
        long memoryPeakBytes, long[] memoryBytes, int memorySampleCount, int oomKills, Long memoryLimitAtOomBytes,
        Instant lastOomAt, Throttling throttling) {

    /** CFS throttling counters over the window (increase of cAdvisor's counters). */
    public record Throttling(long periods, long throttledPeriods, double throttledSeconds) {
    }

    /** Number of CPU steps that carry a value. */
    public int cpuSampleCount() {
        int n = 0;
        for (float c : cpuCores) {
            if (!Float.isNaN(c)) {
                n++;
            }
        }
        return n;
    }
}
