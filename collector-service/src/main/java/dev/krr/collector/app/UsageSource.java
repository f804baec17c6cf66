package dev.krr.collector.app;

import dev.krr.collector.domain.UsageWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Reads container usage for a time range from a backend (Prometheus, metrics API, demo). */
public interface UsageSource {

    /** Value of {@code UsageBatch.source}, also the watermark's name. */
    String name();

    /**
     * Usage in {@code [from, to)} as windows cut at multiples of {@code batchWindow}, one per
     * workload and window; both ends are multiples of the step. A source that can only see the
     * present (metrics API) returns what it sees now for the last window.
     */
    List<UsageWindow> read(Instant from, Instant to, Duration batchWindow);

    /** Longest range one {@link #read} should cover: bounds a backend's response size. */
    Duration maxChunk();

    /** How far back the source can read; the metrics API has no history at all. */
    default boolean hasHistory() {
        return true;
    }
}
