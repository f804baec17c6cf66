package dev.krr.notifier.adapter.in.web;

import dev.krr.notifier.domain.ContainerRecommendation;
import dev.krr.notifier.domain.NamespaceSummary;
import dev.krr.notifier.domain.ResourceRecommendation;
import dev.krr.notifier.domain.Severity;
import dev.krr.notifier.domain.WorkloadCost;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the REST API and the JSON/YAML reports. Money is a decimal string (never a
 * binary float), resource values are numbers in the resource's unit (cpu millicores, memory
 * bytes) or null when unset. Field names are part of the API: do not rename.
 */
public final class RecommendationJson {

    private RecommendationJson() {
    }

    public record Page(List<Item> items, int total) {
    }

    public record Item(String cluster, String namespace, String kind, String name, int replicas, String severity,
                       Strategy strategy, List<Container> containers, Cost cost, String computedAt, long revision) {
    }

    public record Strategy(String name, Map<String, String> settings, String settingsHash) {
    }

    public record Container(String container, List<Resource> resources, long dataPoints, long historySpanSeconds,
                            double confidence, String severity, List<String> info) {
    }

    public record Resource(String resource, String unit, Long currentRequest, Long currentLimit, Long recommendedRequest,
                           Long recommendedLimit, String severity, String noRecommendationReason) {
    }

    public record Cost(String currency, String currentMonthly, String recommendedMonthly, String savingsMonthly,
                       boolean unknown, String unknownReason, String priceSource, boolean estimated, boolean stale) {
    }

    public record Summary(List<Group> groups, Totals totals) {
    }

    public record Group(String cluster, String namespace, String currency, String currentMonthly,
                        String recommendedMonthly, String savingsMonthly, int workloads, int unknownCostWorkloads,
                        Map<String, Integer> severityCounts, double score, String grade) {
    }

    /** Totals over all groups, per currency. */
    public record Totals(int workloads, Map<String, CurrencyTotal> byCurrency) {
    }

    public record CurrencyTotal(String currentMonthly, String recommendedMonthly, String savingsMonthly) {
    }

    public static Page page(List<WorkloadRecommendation> recs) {
        List<Item> items = new ArrayList<>(recs.size());
        for (WorkloadRecommendation r : recs) {
            items.add(item(r));
        }
        return new Page(items, items.size());
    }

    public static Item item(WorkloadRecommendation r) {
        List<Container> containers = new ArrayList<>();
        for (ContainerRecommendation c : r.containers()) {
            List<Resource> resources = new ArrayList<>();
            for (ResourceRecommendation rr : c.resources()) {
                resources.add(new Resource(rr.resource().externalName(), rr.resource().unit(), rr.currentRequest(),
                        rr.currentLimit(), rr.recommendedRequest(), rr.recommendedLimit(), rr.severity().name(),
                        rr.noRecommendationReason()));
            }
            containers.add(new Container(c.container(), resources, c.dataPoints(), c.historySpan().toSeconds(),
                    c.confidence(), c.severity().name(), c.info()));
        }
        return new Item(r.workload().cluster(), r.workload().namespace(), r.workload().kind(), r.workload().name(),
                r.replicas(), r.severity().name(),
                new Strategy(r.strategy().name(), r.strategy().settings(), r.strategy().settingsHash()),
                containers, cost(r.cost()), r.computedAt().toString(), r.revision());
    }

    public static Cost cost(WorkloadCost c) {
        if (c.unknown()) {
            return new Cost(c.currency(), null, null, null, true, c.unknownReason(), c.priceSource(), c.estimated(), c.stale());
        }
        return new Cost(c.currency(), money(c.currentMonthly()), money(c.recommendedMonthly()),
                money(c.savingsMonthly()), false, "", c.priceSource(), c.estimated(), c.stale());
    }

    public static Summary summary(List<NamespaceSummary> groups) {
        List<Group> out = new ArrayList<>();
        Map<String, BigDecimal[]> totals = new LinkedHashMap<>();
        int workloads = 0;
        String lastGroup = null;
        for (NamespaceSummary s : groups) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Severity sev : Severity.values()) {
                counts.put(sev.name(), s.severityCounts().getOrDefault(sev, 0));
            }
            out.add(new Group(s.cluster(), s.namespace(), s.currency(), money(s.currentMonthly()),
                    money(s.recommendedMonthly()), money(s.savingsMonthly()), s.workloads(), s.unknownCostWorkloads(),
                    counts, s.score().value(), s.score().grade()));
            String groupKey = s.cluster() + "/" + s.namespace();
            if (!groupKey.equals(lastGroup)) {
                workloads += s.workloads();
                lastGroup = groupKey;
            }
            if (!s.currency().isEmpty()) {
                BigDecimal[] t = totals.computeIfAbsent(s.currency(),
                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
                t[0] = t[0].add(s.currentMonthly());
                t[1] = t[1].add(s.recommendedMonthly());
                t[2] = t[2].add(s.savingsMonthly());
            }
        }
        Map<String, CurrencyTotal> byCurrency = new LinkedHashMap<>();
        totals.forEach((k, t) -> byCurrency.put(k, new CurrencyTotal(money(t[0]), money(t[1]), money(t[2]))));
        return new Summary(out, new Totals(workloads, byCurrency));
    }

    /** 54.750000000 becomes "54.75", 0E-9 becomes "0". */
    public static String money(BigDecimal amount) {
        BigDecimal s = amount.stripTrailingZeros();
        if (s.scale() < 0) {
            s = s.setScale(0);
        }
        return s.toPlainString();
    }
}
