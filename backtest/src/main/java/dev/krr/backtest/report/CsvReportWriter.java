package dev.krr.backtest.report;

import dev.krr.backtest.engine.Distribution;
import dev.krr.backtest.engine.SeriesScore;
import dev.krr.backtest.engine.StrategySummary;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code per-series.csv} (one row per series and strategy) and {@code aggregate.csv}
 * (one row per strategy and metric: n, mean, p50, p90, p99 over series; fleet totals as rows whose
 * value is in {@code mean}). Rates and shares are fractions (0.0123 = 1.23%), money in the
 * configured currency, empty cells for undefined values.
 */
public final class CsvReportWriter {

    public static final String PER_SERIES = "per-series.csv";
    public static final String AGGREGATE = "aggregate.csv";

    private CsvReportWriter() {
    }

    public static void write(Path dir, List<SeriesScore> scores, List<StrategySummary> summaries) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve(PER_SERIES), StandardCharsets.UTF_8)) {
            w.write("strategy,series,periods_scored,periods_recommended,cpu_intervals,cpu_under_provisioned_rate,"
                    + "cpu_limit_intervals,cpu_throttled_rate,cpu_slack,memory_intervals,memory_oom_rate,memory_slack,memory_request_slack,"
                    + "cost_hours,provisioned_cost,recommended_cost,savings_share,savings_per_month,no_recommendation_reasons\n");
            for (SeriesScore s : scores) {
                w.write(String.join(",", text(s.strategy()), text(s.seriesId()), String.valueOf(s.periodsScored()),
                        String.valueOf(s.periodsRecommended()), String.valueOf(s.cpuIntervals()), num(s.cpuUnderProvisionedRate()),
                        String.valueOf(s.cpuLimitIntervals()), num(s.cpuThrottleRate()), num(s.cpuSlack()),
                        String.valueOf(s.memoryIntervals()), num(s.memoryOomRate()), num(s.memorySlack()), num(s.memoryRequestSlack()),
                        num(s.costHours()),
                        num(s.provisionedCost()), num(s.recommendedCost()), num(s.savingsShare()), num(s.savingsPerMonth()),
                        text(reasons(s.noRecommendationReasons()))));
                w.write('\n');
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(AGGREGATE), StandardCharsets.UTF_8)) {
            w.write("strategy,metric,n,mean,p50,p90,p99\n");
            for (StrategySummary s : summaries) {
                for (Map.Entry<String, Distribution> m : TableRenderer.metrics(s).entrySet()) {
                    Distribution d = m.getValue();
                    w.write(String.join(",", text(s.strategy()), m.getKey(), String.valueOf(d.n()), num(d.mean()), num(d.p50()),
                            num(d.p90()), num(d.p99())));
                    w.write('\n');
                }
                fleet(w, s, "coverage", s.coverage());
                fleet(w, s, "series_with_oom", s.seriesWithOom());
                fleet(w, s, "fleet_savings_share", s.fleetSavingsShare());
                fleet(w, s, "fleet_savings_per_month", s.fleetSavingsPerMonth());
            }
        }
    }

    private static void fleet(Writer w, StrategySummary s, String metric, double value) throws IOException {
        w.write(String.join(",", text(s.strategy()), metric, String.valueOf(s.series()), num(value), "", "", ""));
        w.write('\n');
    }

    private static String reasons(Map<String, Integer> r) {
        return r.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Quotes a field when it holds a comma, quote or newline (RFC 4180). */
    static String text(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
