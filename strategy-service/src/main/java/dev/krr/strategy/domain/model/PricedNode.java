package dev.krr.strategy.domain.model;

import java.math.BigDecimal;
import java.time.Instant;

/** A node with the hourly rates the pricing service gave it. Amounts are exact decimals in {@code currency}. */
public record PricedNode(NodeShape node, String currency, BigDecimal nodePerHour, BigDecimal cpuPerVcpuHour,
                         BigDecimal memoryPerGibHour, BigDecimal gpuPerHour, String source, String effectiveDate,
                         boolean estimated, String estimationBasis, boolean stale, Instant pricedAt) {
}
