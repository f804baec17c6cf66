package dev.krr.notifier.domain;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Totals of one cluster and namespace in one currency: monthly money summed over workloads
 * whose cost is known, how many workloads had an unknown cost, workload counts by severity,
 * and KRR's score over their containers.
 */
public record NamespaceSummary(
        String cluster,
        String namespace,
        String currency,
        BigDecimal currentMonthly,
        BigDecimal recommendedMonthly,
        BigDecimal savingsMonthly,
        int workloads,
        int unknownCostWorkloads,
        Map<Severity, Integer> severityCounts,
        Score score) {
}
