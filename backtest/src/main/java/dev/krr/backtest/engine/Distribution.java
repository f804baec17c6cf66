package dev.krr.backtest.engine;

import java.util.Arrays;

/**
 * Mean and percentiles of one metric over series. Percentiles interpolate linearly between the
 * closest ranks (numpy's default): over {0.0, 0.1, 0.2, 0.5} P50 sits at rank 1.5 → 0.15, P90 at
 * rank 2.7 → 0.2 + 0.7 × 0.3 = 0.41. Series where the metric is undefined (NaN) are left out and
 * {@code n} says how many remained.
 */
public record Distribution(int n, double mean, double p50, double p90, double p99) {

    public static final Distribution EMPTY = new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Distribution of(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return EMPTY;
        }
        double sum = 0;
        for (double d : v) {
            sum += d;
        }
        return new Distribution(v.length, sum / v.length, percentile(v, 0.5), percentile(v, 0.9), percentile(v, 0.99));
    }

    /** Linear interpolation at rank p·(n − 1) of sorted values. */
    static double percentile(double[] sorted, double p) {
        double rank = p * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
