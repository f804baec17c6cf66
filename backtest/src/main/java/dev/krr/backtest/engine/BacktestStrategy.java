package dev.krr.backtest.engine;

/**
 * A recommender the backtest can replay: a name for the table, a settings line for the report,
 * and a fresh {@link SeriesRecommender} per series. Adapters implement it on top of the
 * strategy service's domain classes, so the backtest scores the code the service runs.
 */
public interface BacktestStrategy {

    /** Name in the table, e.g. {@code simple}. */
    String name();

    /** The settings the numbers were made with, e.g. {@code cpu=P95 memory=max×1.15 history=14d}. */
    String settings();

    /** A recommender with no history, for one series. */
    SeriesRecommender start(UsageSeriesInfo series);
}
