package dev.krr.strategy.domain.state;

/**
 * Memory facts of one window slice of one container, over all its pods: KRR's memory answer is a
 * max, so the slice's max and point count are exact, not a histogram.
 */
final class MemorySlice {
    long maxBytes;
    long points;
    long oomLimitMaxBytes;
    int oomKills;
}
