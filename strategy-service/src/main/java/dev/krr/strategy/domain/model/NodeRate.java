package dev.krr.strategy.domain.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Hourly rates of one node, exact decimals in one currency, and how far to trust them.
 *
 * @param stale true when the pricing side already marked it stale
 * @param pricedAt when the rates were fetched; rates older than the configured age count as stale
 */
public record NodeRate(String node, String currency, BigDecimal cpuPerVcpuHour, BigDecimal memoryPerGibHour,
                       CapacityType capacityType, String source, String effectiveDate, boolean estimated,
                       boolean stale, Instant pricedAt) {
    public NodeRate {
        if (currency == null || currency.isEmpty()) {
            throw new IllegalArgumentException("currency must be set on node rates of " + node);
        }
        if (cpuPerVcpuHour == null || cpuPerVcpuHour.signum() < 0) {
            throw new IllegalArgumentException("cpu_per_vcpu_hour must be >= 0 on node " + node + ", was " + cpuPerVcpuHour);
        }
        if (memoryPerGibHour == null || memoryPerGibHour.signum() < 0) {
            throw new IllegalArgumentException("memory_per_gib_hour must be >= 0 on node " + node + ", was " + memoryPerGibHour);
        }
        capacityType = capacityType == null ? CapacityType.UNKNOWN : capacityType;
    }
}
