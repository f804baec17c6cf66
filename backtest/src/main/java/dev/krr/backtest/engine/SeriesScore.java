package dev.krr.backtest.engine;

import java.util.Map;

/**
 * How one strategy did on one series: counts and sums over the scored intervals (one interval
 * per sample), from which the rates follow. Rates are NaN when nothing was scored (e.g. a
 * throttle rate for a strategy that never recommends a CPU limit).
 *
 * @param strategy strategy name
 * @param seriesId series id
 * @param periodsScored recommendation periods (days) with at least one sample
 * @param periodsRecommended of those, periods where the strategy answered for both resources
 * @param cpuIntervals intervals with CPU usage and an effective CPU request
 * @param cpuUnderIntervals of those, intervals whose usage exceeded the request
 * @param cpuLimitIntervals intervals with a CPU limit recommended by the strategy
 * @param cpuThrottledIntervals of those, intervals whose usage exceeded the limit
 * @param cpuSlackSum Σ max(0, (request − usage) / request) over {@code cpuIntervals}
 * @param memoryIntervals intervals with memory usage and an effective memory limit
 * @param memoryOomIntervals of those, intervals whose peak exceeded the limit
 * @param memorySlackSum Σ max(0, (limit − peak) / limit) over {@code memoryIntervals}
 * @param memoryRequestIntervals intervals with memory usage and an effective memory request
 * @param memoryRequestSlackSum Σ max(0, (request − peak) / request) over {@code memoryRequestIntervals}
 * @param costHours hours with both a known current and an effective recommended request
 * @param provisionedCost cost of the current (provisioned) requests over {@code costHours}
 * @param recommendedCost cost of the recommended requests over {@code costHours}
 * @param noRecommendationReasons periods without a complete answer, by the strategy's reason
 */
public record SeriesScore(String strategy, String seriesId, int periodsScored, int periodsRecommended,
                          long cpuIntervals, long cpuUnderIntervals, long cpuLimitIntervals, long cpuThrottledIntervals,
                          double cpuSlackSum, long memoryIntervals, long memoryOomIntervals, double memorySlackSum,
                          long memoryRequestIntervals, double memoryRequestSlackSum,
                          double costHours, double provisionedCost, double recommendedCost,
                          Map<String, Integer> noRecommendationReasons) {

    /** Hours in a month, as KRR, OpenCost and the strategy service count them. */
    public static final double HOURS_PER_MONTH = 730;

    public double cpuUnderProvisionedRate() {
        return ratio(cpuUnderIntervals, cpuIntervals);
    }

    public double cpuThrottleRate() {
        return ratio(cpuThrottledIntervals, cpuLimitIntervals);
    }

    public double memoryOomRate() {
        return ratio(memoryOomIntervals, memoryIntervals);
    }

    public double cpuSlack() {
        return cpuIntervals == 0 ? Double.NaN : cpuSlackSum / cpuIntervals;
    }

    public double memorySlack() {
        return memoryIntervals == 0 ? Double.NaN : memorySlackSum / memoryIntervals;
    }

    public double memoryRequestSlack() {
        return memoryRequestIntervals == 0 ? Double.NaN : memoryRequestSlackSum / memoryRequestIntervals;
    }

    /** 1 − recommended / provisioned cost; NaN without a provisioned cost. */
    public double savingsShare() {
        return provisionedCost > 0 ? 1 - recommendedCost / provisionedCost : Double.NaN;
    }

    /** (provisioned − recommended) cost scaled to a 730-hour month; NaN without cost hours. */
    public double savingsPerMonth() {
        return costHours > 0 ? (provisionedCost - recommendedCost) / costHours * HOURS_PER_MONTH : Double.NaN;
    }

    /** Share of scored periods with a complete recommendation. */
    public double coverage() {
        return periodsScored == 0 ? Double.NaN : (double) periodsRecommended / periodsScored;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
