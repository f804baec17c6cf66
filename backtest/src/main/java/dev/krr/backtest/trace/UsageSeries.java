package dev.krr.backtest.trace;

import java.util.Arrays;

/**
 * The usage of one container (one Bitbrains VM, or one series id of a CSV export) over time, as
 * parallel arrays sorted by time with unique timestamps: one entry per observed interval. Column
 * arrays instead of one object per sample keep a month of 5-minute samples (8,640 rows) at about
 * 0.5 MB, so two worker threads replaying the 500 Bitbrains VMs never hold more than a few MB.
 *
 * <p>Units are in the names: CPU in cores, memory in bytes (as {@code double}, exact below 2^53 B).
 * An unknown current request or limit is {@code NaN}: the Bitbrains trace always knows its
 * provisioned capacity, a user's export may not.
 *
 * @param id series id (Bitbrains: the file name without {@code .csv.gz}, e.g. {@code "17"})
 * @param source file the series was read from, for messages
 * @param timeMillis sample start, epoch millis, strictly increasing
 * @param cpuCores CPU used in the interval, cores
 * @param memoryBytes memory working set (the interval's peak when the source has one), bytes
 * @param cpuRequestCores CPU request in force, cores, or NaN when unknown
 * @param cpuLimitCores CPU limit in force, cores, or NaN when unknown or none
 * @param memoryRequestBytes memory request in force, bytes, or NaN when unknown
 * @param memoryLimitBytes memory limit in force, bytes, or NaN when unknown or none
 * @param stepMillis the series' nominal sampling period: the median distance between samples
 *                   (Bitbrains: 300,000), which is also how long each sample is billed for
 */
public record UsageSeries(String id, String source, long[] timeMillis, double[] cpuCores, double[] memoryBytes,
                          double[] cpuRequestCores, double[] cpuLimitCores, double[] memoryRequestBytes,
                          double[] memoryLimitBytes, long stepMillis) {

    public UsageSeries {
        int n = timeMillis.length;
        if (cpuCores.length != n || memoryBytes.length != n || cpuRequestCores.length != n
                || cpuLimitCores.length != n || memoryRequestBytes.length != n || memoryLimitBytes.length != n) {
            throw new IllegalArgumentException("series " + id + ": column arrays differ in length");
        }
        for (int i = 1; i < n; i++) {
            if (timeMillis[i] <= timeMillis[i - 1]) {
                throw new IllegalArgumentException("series " + id + ": timestamps must strictly increase, "
                        + timeMillis[i] + " follows " + timeMillis[i - 1]);
            }
        }
        if (n > 0 && stepMillis <= 0) {
            throw new IllegalArgumentException("series " + id + ": stepMillis must be > 0, was " + stepMillis);
        }
    }

    public int size() {
        return timeMillis.length;
    }

    /** First index whose time is at or after {@code timeMillis} ({@link #size()} when none). */
    public int indexAtOrAfter(long timeMillis) {
        int pos = Arrays.binarySearch(this.timeMillis, timeMillis);
        return pos >= 0 ? pos : -pos - 1;
    }

    /**
     * The median positive distance between consecutive timestamps; 60 s for a single sample.
     * Bitbrains: most steps are 300 s with jitter of a few seconds, so the median is 300 s.
     */
    public static long medianStepMillis(long[] sortedTimeMillis) {
        if (sortedTimeMillis.length < 2) {
            return 60_000;
        }
        long[] steps = new long[sortedTimeMillis.length - 1];
        int k = 0;
        for (int i = 1; i < sortedTimeMillis.length; i++) {
            long d = sortedTimeMillis[i] - sortedTimeMillis[i - 1];
            if (d > 0) {
                steps[k++] = d;
            }
        }
        if (k == 0) {
            return 60_000;
        }
        Arrays.sort(steps, 0, k);
        return steps[(k - 1) / 2];
    }
}
