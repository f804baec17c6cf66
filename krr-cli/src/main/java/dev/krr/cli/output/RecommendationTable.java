package dev.krr.cli.output;

import dev.krr.contracts.Moneys;
import dev.krr.events.v1.ContainerRecommendation;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.events.v1.ResourceRecommendation;
import dev.krr.events.v1.Severity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * KRR's table with money: one row per container (workload, container, current → recommended CPU
 * and memory requests and limits, severity), the workload's monthly savings on its first row,
 * and totals per currency. Plain text, fixed-width columns, no terminal control codes, so it reads
 * the same in a terminal, a CI log or a file.
 */
public final class RecommendationTable {

    private static final String[] HEADER = {"NAMESPACE", "WORKLOAD", "CONTAINER", "CPU REQUEST", "CPU LIMIT",
            "MEMORY REQUEST", "MEMORY LIMIT", "SEVERITY", "SAVINGS/MONTH"};

    private RecommendationTable() {
    }

    /** Renders {@code recommendations}, biggest savings first. */
    public static String render(Collection<Recommendation> recommendations) {
        List<Recommendation> sorted = new ArrayList<>(recommendations);
        sorted.sort(Comparator.comparing(RecommendationTable::savings).reversed()
                .thenComparing(Recommendation::getNamespace).thenComparing(Recommendation::getName));
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        Map<String, BigDecimal[]> totals = new TreeMap<>();
        for (Recommendation r : sorted) {
            boolean first = true;
            for (ContainerRecommendation c : r.getContainersList()) {
                rows.add(new String[] {
                        first ? r.getNamespace() : "",
                        first ? r.getKind() + "/" + r.getName() : "",
                        c.getContainer(),
                        cell(find(c, Resource.RESOURCE_CPU_MILLICORES), true, true),
                        cell(find(c, Resource.RESOURCE_CPU_MILLICORES), true, false),
                        cell(find(c, Resource.RESOURCE_MEMORY_BYTES), false, true),
                        cell(find(c, Resource.RESOURCE_MEMORY_BYTES), false, false),
                        severity(c.getSeverity()),
                        first ? money(r) : ""});
                first = false;
            }
            if (r.hasCost() && !r.getCost().getUnknown() && r.getCost().hasSavingsMonthly()) {
                BigDecimal[] t = totals.computeIfAbsent(r.getCost().getCurrentMonthly().getCurrencyCode(),
                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
                t[0] = t[0].add(Moneys.toBigDecimal(r.getCost().getCurrentMonthly()));
                t[1] = t[1].add(Moneys.toBigDecimal(r.getCost().getRecommendedMonthly()));
                t[2] = t[2].add(Moneys.toBigDecimal(r.getCost().getSavingsMonthly()));
            }
        }
        StringBuilder out = new StringBuilder(layout(rows));
        out.append(sorted.size()).append(" workloads");
        if (totals.isEmpty()) {
            out.append(", cost unknown (no node prices yet)");
        }
        for (Map.Entry<String, BigDecimal[]> e : totals.entrySet()) {
            BigDecimal[] t = e.getValue();
            out.append(String.format("%nTotal per month (%s): current %s -> recommended %s, savings %s", e.getKey(),
                    amount(t[0]), amount(t[1]), amount(t[2])));
        }
        return out.append(System.lineSeparator()).toString();
    }

    private static ResourceRecommendation find(ContainerRecommendation c, Resource resource) {
        return c.getResourcesList().stream().filter(r -> r.getResource() == resource).findFirst().orElse(null);
    }

    private static String cell(ResourceRecommendation r, boolean cpu, boolean request) {
        if (r == null) {
            return "-";
        }
        Long current = request ? (r.hasCurrentRequest() ? r.getCurrentRequest() : null) : (r.hasCurrentLimit() ? r.getCurrentLimit() : null);
        String from = cpu ? Quantities.cpu(current) : Quantities.memory(current);
        if (!r.getNoRecommendationReason().isEmpty()) {
            return from + " -> ? (" + r.getNoRecommendationReason() + ")";
        }
        Long rec = request ? (r.hasRecommendedRequest() ? r.getRecommendedRequest() : null)
                : (r.hasRecommendedLimit() ? r.getRecommendedLimit() : null);
        return from + " -> " + (cpu ? Quantities.cpu(rec) : Quantities.memory(rec));
    }

    private static String severity(Severity s) {
        return switch (s) {
            case SEVERITY_GOOD -> "GOOD";
            case SEVERITY_OK -> "OK";
            case SEVERITY_WARNING -> "WARNING";
            case SEVERITY_CRITICAL -> "CRITICAL";
            default -> "UNKNOWN";
        };
    }

    private static BigDecimal savings(Recommendation r) {
        if (!r.hasCost() || r.getCost().getUnknown() || !r.getCost().hasSavingsMonthly()) {
            return BigDecimal.valueOf(Long.MIN_VALUE);
        }
        return Moneys.toBigDecimal(r.getCost().getSavingsMonthly());
    }

    private static String money(Recommendation r) {
        if (!r.hasCost() || r.getCost().getUnknown() || !r.getCost().hasSavingsMonthly()) {
            return "unknown";
        }
        String flags = r.getCost().getPrice().getStale() ? " (stale price)" : r.getCost().getPrice().getEstimated() ? " (est.)" : "";
        return amount(Moneys.toBigDecimal(r.getCost().getSavingsMonthly())) + " " + r.getCost().getSavingsMonthly().getCurrencyCode() + flags;
    }

    private static String amount(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String layout(List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
