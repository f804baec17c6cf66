package dev.krr.strategy.domain.state;

/**
 * Usage of one container of one pod over one window, as the state ingests it. CPU comes either as
 * raw samples ({@code cpuCores}, one per {@code stepMillis}, NaN = gap) or as statistics
 * ({@code cpuStats}); memory as the window's working-set peak.
 *
 * @param pod pod name (KRR's {@code simple} keeps pods apart)
 * @param windowStartMillis start of the window, epoch millis
 * @param windowEndMillis end of the window (exclusive), epoch millis
 * @param stepMillis distance between CPU samples
 * @param cpuCores CPU cores per step; empty when absent
 * @param cpuStats per-window CPU statistics, or null
 * @param memoryPeakBytes working-set peak in the window, or -1 when absent
 * @param memoryPoints number of memory samples the peak was taken over (at least 1 when a peak is present)
 * @param oomKills OOM kills in the window
 * @param memoryLimitAtOomBytes memory limit in force at the OOM kill, or -1 when unknown
 * @param lastOomMillis time of the last OOM kill, or -1 when unknown (the window end is used)
 */
public record ContainerSamples(String pod, long windowStartMillis, long windowEndMillis, long stepMillis,
                               float[] cpuCores, CpuStats cpuStats, long memoryPeakBytes, long memoryPoints,
                               int oomKills, long memoryLimitAtOomBytes, long lastOomMillis) {

    public ContainerSamples {
        if (pod == null || pod.isEmpty()) {
            throw new IllegalArgumentException("pod must be set");
        }
        if (windowEndMillis < windowStartMillis) {
            throw new IllegalArgumentException("window_end " + windowEndMillis + " is before window_start " + windowStartMillis);
        }
        if (cpuCores == null) {
            cpuCores = new float[0];
        }
        if (cpuCores.length > 0 && stepMillis <= 0) {
            throw new IllegalArgumentException("cpu.step_seconds must be > 0 when cpu.cores are given, was " + stepMillis / 1000.0);
        }
        for (float v : cpuCores) {
            if (v < 0 || Float.isInfinite(v)) {
                throw new IllegalArgumentException("cpu.cores holds " + v + ": CPU usage must be a finite value >= 0 (NaN marks a gap)");
            }
        }
        if (memoryPeakBytes < -1) {
            throw new IllegalArgumentException("memory.working_set_peak_bytes must be >= 0, was " + memoryPeakBytes);
        }
        if (oomKills < 0) {
            throw new IllegalArgumentException("oom.oom_kills must be >= 0, was " + oomKills);
        }
    }

    /** Only CPU samples, for tests and backtests. */
    public static ContainerSamples cpu(String pod, long startMillis, long stepMillis, float... cores) {
        return new ContainerSamples(pod, startMillis, startMillis + stepMillis * cores.length, stepMillis, cores, null, -1, 0, 0, -1, -1);
    }

    /** Only a memory peak, for tests and backtests. */
    public static ContainerSamples memory(String pod, long startMillis, long endMillis, long peakBytes, long points) {
        return new ContainerSamples(pod, startMillis, endMillis, 0, new float[0], null, peakBytes, points, 0, -1, -1);
    }

    /** Per-window CPU statistics when raw samples are not available. */
    public record CpuStats(long count, double p50Cores, double p90Cores, double p95Cores, double p99Cores, double maxCores) {
        public CpuStats {
            if (count < 0) {
                throw new IllegalArgumentException("cpu.stats.count must be >= 0, was " + count);
            }
        }
    }
}
