package dev.krr.strategy.domain.strategy;

import dev.krr.strategy.domain.model.CapacityType;
import java.math.BigDecimal;

/**
 * What capacity costs where a workload's pods run: the mean hourly rates of their nodes and the
 * capacity type most of them run on. Null in a {@link StrategyInput} when no rate is known.
 */
public record PriceContext(String currency, BigDecimal cpuPerVcpuHour, BigDecimal memoryPerGibHour,
                           CapacityType capacityType) {
}
