package dev.krr.backtest.report;

import dev.krr.backtest.engine.StrategySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The goal as a check anyone can rerun: does the candidate strategy have less slack than
 * each baseline (KRR's {@code simple} and {@code vpa}) at no higher OOM and CPU under-provisioning
 * rates? Compares means over series; every comparison is printed with both numbers, so "where it
 * does not" is visible line by line. Slack counts as lower when both CPU slack and memory slack
 * (against the limit, Autopilot's definition) are lower.
 */
public final class GoalCheck {

    private GoalCheck() {
    }

    /** The verdict lines, or empty when the candidate or every baseline is missing from the run. */
    public static Optional<String> render(List<StrategySummary> summaries, String candidate, List<String> baselines) {
        StrategySummary c = find(summaries, candidate);
        if (c == null) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        for (String b : baselines) {
            StrategySummary base = find(summaries, b);
            if (base == null || base == c) {
                continue;
            }
            List<String> lower = new ArrayList<>();
            List<String> worse = new ArrayList<>();
            boolean cpuSlack = compare(c, base, "CPU slack", s -> s.cpuSlack().mean(), true, lower, worse);
            boolean memorySlack = compare(c, base, "memory slack", s -> s.memorySlack().mean(), true, lower, worse);
            compare(c, base, "memory request slack (not part of the verdict)", s -> s.memoryRequestSlack().mean(), true, lower, worse);
            boolean oom = compare(c, base, "OOM rate", s -> s.memoryOom().mean(), false, lower, worse);
            boolean under = compare(c, base, "CPU under-provisioning", s -> s.cpuUnderProvisioned().mean(), false, lower, worse);
            boolean beats = cpuSlack && memorySlack && oom && under;
            lines.add(String.format(Locale.ROOT, "%s vs %s: %s. %s%s", candidate, b,
                    beats ? "BEATS it (less CPU and memory slack, no higher OOM or under-provisioning rate)" : "does NOT beat it",
                    lower.isEmpty() ? "" : "Better or equal: " + String.join(", ", lower) + ". ",
                    worse.isEmpty() ? "" : "Worse: " + String.join(", ", worse) + "."));
        }
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines) + "\n");
    }

    /**
     * Records "name a vs b" as better (strictly lower for slack, lower or equal for rates) or worse;
     * returns whether it is better. Values are compared exactly and printed to 0.001 pp, so a
     * difference too small for the table still shows.
     */
    private static boolean compare(StrategySummary c, StrategySummary base, String name, ToDoubleFunction<StrategySummary> metric,
                                   boolean strictlyLower, List<String> better, List<String> worse) {
        double a = metric.applyAsDouble(c);
        double b = metric.applyAsDouble(base);
        boolean ok = !Double.isNaN(a) && !Double.isNaN(b) && (strictlyLower ? a < b : a <= b);
        String text = String.format(Locale.ROOT, "%s %.3f%% vs %.3f%%", name, a * 100, b * 100);
        (ok ? better : worse).add(text);
        return ok;
    }

    private static StrategySummary find(List<StrategySummary> summaries, String name) {
        return summaries.stream().filter(s -> s.strategy().equals(name)).findFirst().orElse(null);
    }
}
