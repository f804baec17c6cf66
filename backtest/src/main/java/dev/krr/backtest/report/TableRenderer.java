package dev.krr.backtest.report;

import dev.krr.backtest.engine.Distribution;
import dev.krr.backtest.engine.Prices;
import dev.krr.backtest.engine.StrategySummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the summaries as Markdown tables (readable in a terminal and pasteable into docs): a
 * one-line-per-strategy overview of means, then every metric's mean and percentiles over series,
 * then why strategies abstained.
 */
public final class TableRenderer {

    private TableRenderer() {
    }

    public static String render(List<StrategySummary> summaries, Prices prices) {
        StringBuilder sb = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"strategy", "series", "coverage", "CPU under-prov.", "CPU throttled", "OOM rate",
                "series with OOM", "CPU slack", "memory slack", "mem. request slack", "savings (fleet)", "savings " + prices.currency() + "/month"});
        for (StrategySummary s : summaries) {
            rows.add(new String[] {s.strategy(), String.valueOf(s.series()), pct(s.coverage()), pct(s.cpuUnderProvisioned().mean()),
                    pct(s.cpuThrottled().mean()), pct(s.memoryOom().mean()), pct(s.seriesWithOom()),
                    pct(s.cpuSlack().mean()), pct(s.memorySlack().mean()), pct(s.memoryRequestSlack().mean()),
                    pct(s.fleetSavingsShare()),
                    money(s.fleetSavingsPerMonth())});
        }
        table(sb, rows);
        sb.append('\n');
        rows = new ArrayList<>();
        rows.add(new String[] {"strategy", "metric (per series)", "n", "mean", "p50", "p90", "p99"});
        for (StrategySummary s : summaries) {
            for (Map.Entry<String, Distribution> m : metrics(s).entrySet()) {
                Distribution d = m.getValue();
                rows.add(new String[] {s.strategy(), m.getKey(), String.valueOf(d.n()), pct(d.mean()), pct(d.p50()),
                        pct(d.p90()), pct(d.p99())});
            }
        }
        table(sb, rows);
        boolean anyReason = summaries.stream().anyMatch(s -> !s.noRecommendationReasons().isEmpty());
        if (anyReason) {
            sb.append('\n');
            rows = new ArrayList<>();
            rows.add(new String[] {"strategy", "no recommendation (periods)"});
            for (StrategySummary s : summaries) {
                if (!s.noRecommendationReasons().isEmpty()) {
                    StringBuilder r = new StringBuilder();
                    s.noRecommendationReasons().forEach((k, v) -> r.append(r.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
                    rows.add(new String[] {s.strategy(), r.toString()});
                }
            }
            table(sb, rows);
        }
        return sb.toString();
    }

    /** The per-series metrics of a summary, in table order. */
    public static Map<String, Distribution> metrics(StrategySummary s) {
        Map<String, Distribution> m = new LinkedHashMap<>();
        m.put("cpu_under_provisioned_rate", s.cpuUnderProvisioned());
        m.put("cpu_throttled_rate", s.cpuThrottled());
        m.put("memory_oom_rate", s.memoryOom());
        m.put("cpu_slack", s.cpuSlack());
        m.put("memory_slack", s.memorySlack());
        m.put("memory_request_slack", s.memoryRequestSlack());
        m.put("savings_share", s.savingsShare());
        return m;
    }

    private static void table(StringBuilder sb, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            sb.append('|');
            for (int i = 0; i < cols; i++) {
                sb.append(' ').append(i == 0 ? padRight(r[i], width[i]) : padLeft(r[i], width[i])).append(" |");
            }
            sb.append('\n');
            if (k == 0) {
                sb.append('|');
                for (int i = 0; i < cols; i++) {
                    sb.append(i == 0 ? ":" : "-").append("-".repeat(width[i])).append(i == 0 ? "-|" : ":|");
                }
                sb.append('\n');
            }
        }
    }

    private static String padRight(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }

    /** 0.01234 → "1.23%"; NaN → "n/a". */
    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", noNegativeZero(v * 100, 100));
    }

    static String money(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.2f", noNegativeZero(v, 100));
    }

    /** Rounds to 1/scale so that −0.00001 prints as 0.00, not −0.00. */
    private static double noNegativeZero(double v, double scale) {
        return Math.round(v * scale) / scale + 0.0;
    }
}
