package dev.krr.strategy.domain.strategy;

import dev.krr.strategy.domain.model.ContainerSpec;
import dev.krr.strategy.domain.model.Hpa;
import dev.krr.strategy.domain.state.ContainerUsageState;
import java.time.Instant;

/**
 * Everything a strategy may look at for one container.
 *
 * @param container current requests and limits
 * @param usage the container's usage state, null when no usage was seen yet
 * @param hpa the workload's HPA, or null
 * @param containersInPod containers sharing the pod (VPA splits per-pod minimums between them)
 * @param price rates of the nodes the pods run on, or null when unknown
 * @param now the time the recommendation is for
 */
public record StrategyInput(ContainerSpec container, ContainerUsageState usage, Hpa hpa, int containersInPod,
                            PriceContext price, Instant now) {
}
