package dev.krr.notifier.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of the recommendation changes of one interval: per cluster the top N workloads by
 * monthly savings (unknown costs last), the number of changes seen, and the savings of the
 * listed workloads per currency.
 *
 * <p>Example, top 2: prod has web saving 54.75, db saving -10, api saving 3: the digest lists
 * web and api, total 57.75 USD.
 */
public record Digest(Map<String, List<WorkloadRecommendation>> topByCluster, int changes,
                     Map<String, BigDecimal> listedSavingsByCurrency) {

    /** Highest known savings first, unknown cost last, then by workload for a stable order. */
    public static final Comparator<WorkloadRecommendation> BY_SAVINGS = Comparator
            .comparing((WorkloadRecommendation r) -> r.cost().unknown())
            .thenComparing((WorkloadRecommendation r) -> r.cost().savingsMonthly(), Comparator.reverseOrder())
            .thenComparing(RecommendationView.REPORT_ORDER);

    /** Builds a digest from the latest recommendation per workload of the interval. */
    public static Digest of(List<WorkloadRecommendation> latest, int changes, int topPerCluster) {
        Map<String, List<WorkloadRecommendation>> byCluster = new TreeMap<>();
        for (WorkloadRecommendation r : latest) {
            byCluster.computeIfAbsent(r.workload().cluster(), k -> new ArrayList<>()).add(r);
        }
        Map<String, List<WorkloadRecommendation>> top = new LinkedHashMap<>();
        Map<String, BigDecimal> savings = new TreeMap<>();
        for (Map.Entry<String, List<WorkloadRecommendation>> e : byCluster.entrySet()) {
            List<WorkloadRecommendation> sorted = new ArrayList<>(e.getValue());
            sorted.sort(BY_SAVINGS);
            List<WorkloadRecommendation> listed = List.copyOf(sorted.subList(0, Math.min(topPerCluster, sorted.size())));
            top.put(e.getKey(), listed);
            for (WorkloadRecommendation r : listed) {
                if (!r.cost().unknown()) {
                    savings.merge(r.cost().currency(), r.cost().savingsMonthly(), BigDecimal::add);
                }
            }
        }
        return new Digest(top, changes, savings);
    }

    public int listed() {
        return topByCluster.values().stream().mapToInt(List::size).sum();
    }
}
