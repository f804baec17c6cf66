package dev.krr.notifier.domain;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which recommendations a webhook subscription wants. Empty clusters = all clusters; the
 * namespace pattern must match the whole namespace; a minimum monthly savings above zero
 * excludes workloads with unknown cost (their savings are not known to reach it).
 *
 * <p>Example: clusters {prod}, namespaces {@code shop|pay-.*}, minSeverity WARNING, minimum
 * savings 10: prod/pay-eu web, CRITICAL, saving 54.75 matches; prod/shop db, OK, does not.
 */
public record SubscriptionFilter(Set<String> clusters, Pattern namespaces, Severity minSeverity,
                                 BigDecimal minMonthlySavings, String strategy) {

    public static final SubscriptionFilter ANY = new SubscriptionFilter(Set.of(), null, Severity.UNKNOWN, BigDecimal.ZERO, null);

    public SubscriptionFilter {
        clusters = Set.copyOf(clusters);
        minSeverity = minSeverity == null ? Severity.UNKNOWN : minSeverity;
        minMonthlySavings = minMonthlySavings == null ? BigDecimal.ZERO : minMonthlySavings;
        strategy = strategy == null || strategy.isBlank() ? null : strategy;
    }

    public boolean matches(WorkloadRecommendation r) {
        if (!matchesWorkload(r.workload())) {
            return false;
        }
        if (!r.severity().atLeast(minSeverity)) {
            return false;
        }
        if (strategy != null && !strategy.equals(r.strategy().name())) {
            return false;
        }
        if (minMonthlySavings.signum() > 0) {
            return !r.cost().unknown() && r.cost().savingsMonthly().compareTo(minMonthlySavings) >= 0;
        }
        return true;
    }

    /** Whether a workload's identity passes the cluster and namespace criteria (used for removals). */
    public boolean matchesWorkload(WorkloadRef w) {
        return (clusters.isEmpty() || clusters.contains(w.cluster()))
                && (namespaces == null || namespaces.matcher(w.namespace()).matches());
    }
}
