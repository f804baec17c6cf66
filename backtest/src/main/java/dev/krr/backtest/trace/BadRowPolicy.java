package dev.krr.backtest.trace;

/**
 * What a reader does with a row it cannot use. {@link #FAIL} stops at the first one with its file
 * and line (right for a user's own export, where a bad row means a broken export); {@link #SKIP}
 * drops it, counts it and keeps the first few messages (right for a month of third-party data
 * where one garbled line should not hide 8,000 good ones).
 */
public enum BadRowPolicy {
    FAIL,
    SKIP
}
