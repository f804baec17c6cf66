package dev.krr.strategy.domain.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The usage state of one workload: one {@link ContainerUsageState} per container name, plus the end
 * of the last window ingested per source so that a replayed batch (same source, a window that
 * starts before what was already ingested) is skipped instead of counted twice.
 */
public final class WorkloadUsageState {

    private final StateSettings settings;
    final Map<String, ContainerUsageState> containers = new LinkedHashMap<>();
    final Map<String, Long> lastWindowEndBySource = new LinkedHashMap<>();

    public WorkloadUsageState(StateSettings settings) {
        this.settings = settings;
    }

    public StateSettings settings() {
        return settings;
    }

    /**
     * True when a window from {@code source} starting at {@code windowStartMillis} overlaps what was
     * already ingested from that source (a replay), in which case it must be skipped.
     */
    public boolean isReplay(String source, long windowStartMillis) {
        Long end = lastWindowEndBySource.get(source);
        return end != null && windowStartMillis < end;
    }

    /** Records that {@code source} delivered everything up to {@code windowEndMillis}. */
    public void markIngested(String source, long windowEndMillis) {
        lastWindowEndBySource.merge(source, windowEndMillis, Math::max);
    }

    /** The container's state, created on first use. */
    public ContainerUsageState container(String name) {
        return containers.computeIfAbsent(name, n -> new ContainerUsageState(settings));
    }

    public Map<String, ContainerUsageState> containers() {
        return Collections.unmodifiableMap(containers);
    }
}
