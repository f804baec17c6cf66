package dev.krr.backtest.strategies;

import dev.krr.backtest.engine.DurationText;
import dev.krr.strategy.domain.strategy.CostAwareSettings;
import dev.krr.strategy.domain.strategy.KrrSettings;
import dev.krr.strategy.domain.strategy.VpaSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code --set strategy.key=value} overrides of the strategies' settings, so a backtest can try
 * settings the service would be configured with: {@code --set cost-aware.cpu_under_provisioning_cost_per_vcpu_hour=1.0}
 * or {@code --set vpa.safety_margin_fraction=0.3}. Keys are the names each strategy prints under
 * the table; every other setting keeps the strategy service's default. A key nobody reads is an
 * error naming the known keys.
 */
public final class SettingsOverrides {

    private final Map<String, Map<String, String>> byStrategy = new TreeMap<>();
    private final Set<String> read = new TreeSet<>();
    private final Map<String, Set<String>> asked = new TreeMap<>();

    /** Parses {@code strategy.key=value} items. */
    public static SettingsOverrides parse(List<String> items) {
        SettingsOverrides o = new SettingsOverrides();
        for (String item : items) {
            int eq = item.indexOf('=');
            int dot = item.indexOf('.');
            if (eq < 0 || dot < 1 || dot > eq - 2) {
                throw new IllegalArgumentException("--set must look like strategy.key=value, was '" + item + "'");
            }
            o.byStrategy.computeIfAbsent(item.substring(0, dot).trim(), k -> new LinkedHashMap<>())
                    .put(item.substring(dot + 1, eq).trim().toLowerCase(Locale.ROOT), item.substring(eq + 1).trim());
        }
        return o;
    }

    public static SettingsOverrides none() {
        return new SettingsOverrides();
    }

    KrrSettings krr(String strategy, KrrSettings d) {
        return new KrrSettings(
                duration(strategy, "history", d.history()),
                number(strategy, "cpu_percentile", d.cpuPercentile()),
                number(strategy, "cpu_request_percentile", d.cpuRequestPercentile()),
                number(strategy, "cpu_limit_percentile", d.cpuLimitPercentile()),
                number(strategy, "memory_buffer_percentage", d.memoryBufferPercentage()),
                number(strategy, "oom_memory_buffer_percentage", d.oomMemoryBufferPercentage()),
                bool(strategy, "use_oomkill_data", d.useOomKillData()),
                whole(strategy, "points_required", d.pointsRequired()),
                bool(strategy, "allow_hpa", d.allowHpa()),
                whole(strategy, "min_cpu_millicores", d.minCpuMillicores()),
                whole(strategy, "min_memory_bytes", d.minMemoryBytes()));
    }

    VpaSettings vpa(String strategy, VpaSettings d) {
        return new VpaSettings(
                number(strategy, "target_percentile", d.targetPercentile()),
                number(strategy, "lower_bound_percentile", d.lowerBoundPercentile()),
                number(strategy, "upper_bound_percentile", d.upperBoundPercentile()),
                number(strategy, "safety_margin_fraction", d.safetyMarginFraction()),
                whole(strategy, "pod_min_cpu_millicores", d.podMinCpuMillicores()),
                whole(strategy, "pod_min_memory_bytes", d.podMinMemoryBytes()));
    }

    CostAwareSettings costAware(String strategy, CostAwareSettings d) {
        return new CostAwareSettings(
                number(strategy, "cpu_under_provisioning_cost_per_vcpu_hour", d.cpuUnderProvisioningCostPerVcpuHour()),
                number(strategy, "memory_under_provisioning_cost_per_gib_hour", d.memoryUnderProvisioningCostPerGibHour()),
                number(strategy, "interruptible_under_provisioning_factor", d.interruptibleUnderProvisioningFactor()),
                number(strategy, "fallback_quantile", d.fallbackQuantile()),
                number(strategy, "min_quantile", d.minQuantile()),
                number(strategy, "max_quantile", d.maxQuantile()),
                number(strategy, "memory_limit_buffer_percentage", d.memoryLimitBufferPercentage()),
                krr(strategy, d.krr()));
    }

    /** Fails on any override no strategy read, naming the keys that exist. */
    void requireAllRead() {
        Map<String, Set<String>> knownKeys = asked;
        for (Map.Entry<String, Map<String, String>> e : byStrategy.entrySet()) {
            for (String key : e.getValue().keySet()) {
                if (!read.contains(e.getKey() + "." + key)) {
                    Set<String> known = knownKeys.get(e.getKey());
                    throw new IllegalArgumentException("--set " + e.getKey() + "." + key + ": "
                            + (known == null ? "no strategy '" + e.getKey() + "' has settings; known: " + knownKeys.keySet()
                            : "unknown setting; known: " + known));
                }
            }
        }
    }

    private String raw(String strategy, String key) {
        asked.computeIfAbsent(strategy, k -> new TreeSet<>()).add(key);
        Map<String, String> m = byStrategy.get(strategy);
        String v = m == null ? null : m.get(key);
        if (v != null) {
            read.add(strategy + "." + key);
        }
        return v;
    }

    private double number(String strategy, String key, double fallback) {
        String v = raw(strategy, key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--set " + strategy + "." + key + " must be a number, was '" + v + "'");
        }
    }

    private long whole(String strategy, String key, long fallback) {
        String v = raw(strategy, key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--set " + strategy + "." + key + " must be a whole number, was '" + v + "'");
        }
    }

    private boolean bool(String strategy, String key, boolean fallback) {
        String v = raw(strategy, key);
        if (v == null) {
            return fallback;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("--set " + strategy + "." + key + " must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private Duration duration(String strategy, String key, Duration fallback) {
        String v = raw(strategy, key);
        return v == null ? fallback : DurationText.parse("--set " + strategy + "." + key, v);
    }
}
