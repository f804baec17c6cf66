package dev.krr.backtest.engine;

/**
 * What a strategy may know about a series before seeing its samples.
 *
 * @param id series id
 * @param stepMillis nominal sampling period (the median step), e.g. 300,000 for Bitbrains
 */
public record UsageSeriesInfo(String id, long stepMillis) {
}
