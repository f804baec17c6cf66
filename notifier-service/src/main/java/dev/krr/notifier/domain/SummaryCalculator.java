package dev.krr.notifier.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums recommendations per cluster and namespace. Money of workloads with unknown cost is left
 * out of the sums (and counted), so a total never pretends a missing price is zero. A group
 * whose workloads are priced in two currencies yields one summary per currency; the group's
 * severity counts and score are then repeated on each, as they do not depend on money.
 *
 * <p>Example: shop/web 73.00 -> 18.25 USD and shop/db 20.00 -> 30.00 USD give shop: current
 * 93.00, recommended 48.25, savings 44.75 USD.
 */
public final class SummaryCalculator {

    public List<NamespaceSummary> summarise(List<WorkloadRecommendation> recommendations) {
        Map<String, List<WorkloadRecommendation>> groups = new TreeMap<>();
        for (WorkloadRecommendation r : recommendations) {
            groups.computeIfAbsent(r.workload().cluster() + "\u0000" + r.workload().namespace(), k -> new ArrayList<>()).add(r);
        }
        List<NamespaceSummary> out = new ArrayList<>();
        for (List<WorkloadRecommendation> group : groups.values()) {
            out.addAll(summariseGroup(group));
        }
        return out;
    }

    private List<NamespaceSummary> summariseGroup(List<WorkloadRecommendation> group) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        List<Severity> containerSeverities = new ArrayList<>();
        Map<String, BigDecimal[]> money = new TreeMap<>();
        int unknown = 0;
        for (WorkloadRecommendation r : group) {
            counts.merge(r.severity(), 1, Integer::sum);
            for (ContainerRecommendation c : r.containers()) {
                containerSeverities.add(c.severity());
            }
            if (r.cost().unknown()) {
                unknown++;
                continue;
            }
            BigDecimal[] sums = money.computeIfAbsent(r.cost().currency(),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            sums[0] = sums[0].add(r.cost().currentMonthly());
            sums[1] = sums[1].add(r.cost().recommendedMonthly());
            sums[2] = sums[2].add(r.cost().savingsMonthly());
        }
        Score score = Score.of(containerSeverities);
        WorkloadRef first = group.get(0).workload();
        Map<Severity, Integer> frozen = java.util.Collections.unmodifiableMap(counts);
        List<NamespaceSummary> out = new ArrayList<>();
        if (money.isEmpty()) {
            out.add(new NamespaceSummary(first.cluster(), first.namespace(), "", BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, group.size(), unknown, frozen, score));
        }
        for (Map.Entry<String, BigDecimal[]> e : money.entrySet()) {
            BigDecimal[] s = e.getValue();
            out.add(new NamespaceSummary(first.cluster(), first.namespace(), e.getKey(), s[0], s[1], s[2],
                    group.size(), unknown, frozen, score));
        }
        return out;
    }
}
