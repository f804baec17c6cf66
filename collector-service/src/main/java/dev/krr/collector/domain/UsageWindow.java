package dev.krr.collector.domain;

import java.time.Instant;
import java.util.List;

/**
 * Usage of one workload's containers over {@code [start, end)}. Windows from one collector never
 * overlap, which lets consumers recognise a replayed window and skip it.
 */
public record UsageWindow(WorkloadId workload, Instant start, Instant end, List<ContainerUsage> containers,
        String source) {

    public UsageWindow {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("usage window end " + end + " is not after start " + start);
        }
        containers = List.copyOf(containers);
    }
}
