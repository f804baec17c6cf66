package dev.krr.backtest.engine;

import dev.krr.backtest.trace.UsageSeries;

/**
 * One strategy's view of one series during a walk-forward replay: it is shown the series'
 * samples in time order, a day at a time, and asked for a recommendation at each day boundary.
 * It sees only the past: the engine never shows a sample at or after the boundary it asks about.
 * How much of the past it keeps (a 14-day window, a decaying histogram) is the strategy's own
 * business, as in the service.
 */
public interface SeriesRecommender {

    /** Appends samples {@code [from, to)} of {@code series}; every call continues where the last ended. */
    void observe(UsageSeries series, int from, int to);

    /** The recommendation at {@code nowMillis}, from everything observed so far. */
    Recommendation recommendAt(long nowMillis);

    /**
     * The container was OOM-killed at {@code timeMillis} under a memory limit of
     * {@code memoryLimitBytes} — what the collector would report after the recommendation was
     * applied. Strategies that learn from kills (KRR's OOM buffer, VPA's bump) take note; the
     * default ignores it.
     */
    default void oomKilled(long timeMillis, double memoryLimitBytes) {
    }
}
