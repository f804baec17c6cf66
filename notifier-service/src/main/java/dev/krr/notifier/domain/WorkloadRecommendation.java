package dev.krr.notifier.domain;

import java.time.Instant;
import java.util.List;

/**
 * The latest recommendation for one workload, as the notifier keeps it: identity, replicas,
 * worst severity over all containers, strategy, per-container numbers and monthly money.
 * {@code revision} grows with every change the strategy emits for the workload.
 */
public record WorkloadRecommendation(
        WorkloadRef workload,
        int replicas,
        Severity severity,
        StrategyRef strategy,
        List<ContainerRecommendation> containers,
        WorkloadCost cost,
        Instant computedAt,
        long revision) {

    public WorkloadRecommendation {
        containers = List.copyOf(containers);
    }
}
