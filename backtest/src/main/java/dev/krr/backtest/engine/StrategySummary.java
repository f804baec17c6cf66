package dev.krr.backtest.engine;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * One row of the backtest table: a strategy's metrics over all series, as distributions over
 * series (each series counts once, however long it is) plus fleet totals.
 *
 * @param strategy name
 * @param settings the settings line the strategy reported
 * @param series series scored
 * @param coverage share of scored periods with a complete recommendation, over all series' periods
 * @param cpuUnderProvisioned per-series share of intervals with CPU usage above the request
 * @param cpuThrottled per-series share of intervals with CPU usage above a recommended CPU limit
 *                     (series with no CPU limit in force are left out)
 * @param memoryOom per-series share of intervals with a memory peak above the memory limit
 * @param seriesWithOom share of series with at least one OOM interval
 * @param cpuSlack per-series mean relative CPU slack (against the request)
 * @param memorySlack per-series mean relative memory slack (against the limit)
 * @param memoryRequestSlack per-series mean relative memory slack against the request
 * @param savingsShare per-series 1 − recommended / provisioned cost
 * @param fleetSavingsShare 1 − Σ recommended / Σ provisioned cost over all series
 * @param fleetSavingsPerMonth Σ over series of the savings scaled to a 730-hour month
 * @param noRecommendationReasons periods without a complete answer, by reason
 */
public record StrategySummary(String strategy, String settings, int series, double coverage,
                              Distribution cpuUnderProvisioned, Distribution cpuThrottled, Distribution memoryOom,
                              double seriesWithOom, Distribution cpuSlack, Distribution memorySlack,
                              Distribution memoryRequestSlack,
                              Distribution savingsShare, double fleetSavingsShare, double fleetSavingsPerMonth,
                              Map<String, Integer> noRecommendationReasons) {

    /** Summarises the scores of one strategy (all with {@code strategy} as their name). */
    public static StrategySummary of(String strategy, String settings, List<SeriesScore> scores) {
        long periods = 0;
        long recommended = 0;
        long withOom = 0;
        long withMemory = 0;
        double provisioned = 0;
        double recommendedCost = 0;
        double perMonth = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        for (SeriesScore s : scores) {
            periods += s.periodsScored();
            recommended += s.periodsRecommended();
            if (s.memoryIntervals() > 0) {
                withMemory++;
                if (s.memoryOomIntervals() > 0) {
                    withOom++;
                }
            }
            provisioned += s.provisionedCost();
            recommendedCost += s.recommendedCost();
            if (!Double.isNaN(s.savingsPerMonth())) {
                perMonth += s.savingsPerMonth();
            }
            s.noRecommendationReasons().forEach((k, v) -> reasons.merge(k, v, Integer::sum));
        }
        return new StrategySummary(strategy, settings, scores.size(),
                periods == 0 ? Double.NaN : (double) recommended / periods,
                dist(scores, SeriesScore::cpuUnderProvisionedRate), dist(scores, SeriesScore::cpuThrottleRate),
                dist(scores, SeriesScore::memoryOomRate), withMemory == 0 ? Double.NaN : (double) withOom / withMemory,
                dist(scores, SeriesScore::cpuSlack), dist(scores, SeriesScore::memorySlack),
                dist(scores, SeriesScore::memoryRequestSlack),
                dist(scores, SeriesScore::savingsShare),
                provisioned > 0 ? 1 - recommendedCost / provisioned : Double.NaN, perMonth, Map.copyOf(reasons));
    }

    private static Distribution dist(List<SeriesScore> scores, ToDoubleFunction<SeriesScore> metric) {
        return Distribution.of(scores.stream().mapToDouble(metric).toArray());
    }
}
