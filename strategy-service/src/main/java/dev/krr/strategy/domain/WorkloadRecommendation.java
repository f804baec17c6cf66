package dev.krr.strategy.domain;

import dev.krr.strategy.domain.cost.WorkloadCost;
import dev.krr.strategy.domain.strategy.Severity;
import java.time.Instant;
import java.util.List;

/**
 * krr's answer for one workload: the chosen strategy's advice per container with money, and the
 * same state run through the other configured strategies as alternatives.
 */
public record WorkloadRecommendation(String cluster, String namespace, String kind, String name, int replicas,
                                     List<ContainerAdvice> containers, StrategyRef strategy, Severity severity,
                                     WorkloadCost cost, Instant computedAt, List<Alternative> alternatives) {

    public WorkloadRecommendation {
        containers = List.copyOf(containers);
        alternatives = List.copyOf(alternatives);
    }

    /** Another strategy's answer on the same state. */
    public record Alternative(StrategyRef strategy, List<ContainerAdvice> containers, WorkloadCost cost, Severity severity) {
        public Alternative {
            containers = List.copyOf(containers);
        }
    }
}
