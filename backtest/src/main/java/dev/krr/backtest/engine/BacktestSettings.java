package dev.krr.backtest.engine;

import java.time.Duration;

/**
 * How the walk-forward replay runs and scores.
 *
 * @param period distance between recommendation points; each recommendation is scored on the
 *               following period (default 1 day, at UTC midnights)
 * @param warmup history a series must have before its first scored period (default 1 day): the
 *               first boundary is the first UTC midnight at least this long after the first sample
 * @param whenNoRecommendation what a container runs with while a strategy has no answer for a
 *                             resource
 * @param prices rates for the savings in money
 * @param oomFeedback whether an interval whose memory peak exceeds the limit is reported back to
 *                    the strategy as an OOM kill (default true: the live service hears of every
 *                    kill its recommendation causes, and its strategies react to them)
 */
public record BacktestSettings(Duration period, Duration warmup, NoRecommendationPolicy whenNoRecommendation,
                               Prices prices, boolean oomFeedback) {

    public BacktestSettings {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("--period must be a positive duration, was " + period);
        }
        if (warmup == null || warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must be a duration >= 0, was " + warmup);
        }
        if (whenNoRecommendation == null || prices == null) {
            throw new IllegalArgumentException("whenNoRecommendation and prices must be set");
        }
    }

    public static BacktestSettings defaults() {
        return new BacktestSettings(Duration.ofDays(1), Duration.ofDays(1), NoRecommendationPolicy.KEEP_CURRENT,
                Prices.openCostGcpE2(), true);
    }

    /** What an interval is scored against while the strategy has no recommendation. */
    public enum NoRecommendationPolicy {
        /**
         * The container keeps its current request and limit (the provisioned capacity), as it
         * would in a cluster: the interval is scored, and a strategy that abstains saves nothing.
         */
        KEEP_CURRENT,
        /** The interval is left out of that strategy's rates, slack and savings. */
        SKIP
    }
}
