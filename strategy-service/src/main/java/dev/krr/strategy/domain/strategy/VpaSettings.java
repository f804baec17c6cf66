package dev.krr.strategy.domain.strategy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The VPA recommender's estimator settings (VPA 1.x defaults: target P90, bounds P50/P95, 15%
 * margin, minimums 25 millicores and 250 MiB per pod).
 */
public record VpaSettings(double targetPercentile, double lowerBoundPercentile, double upperBoundPercentile,
                          double safetyMarginFraction, long podMinCpuMillicores, long podMinMemoryBytes) {

    public VpaSettings {
        for (double p : new double[] {targetPercentile, lowerBoundPercentile, upperBoundPercentile}) {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("VPA percentiles must be in (0, 1], got " + p);
            }
        }
        if (safetyMarginFraction < 0 || podMinCpuMillicores < 0 || podMinMemoryBytes < 0) {
            throw new IllegalArgumentException("VPA margin and minimums must be >= 0");
        }
    }

    public static VpaSettings defaults() {
        return new VpaSettings(0.9, 0.5, 0.95, 0.15, 25, 250 * Rounding.MIB);
    }

    Map<String, String> asText() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("target_percentile", String.valueOf(targetPercentile));
        m.put("lower_bound_percentile", String.valueOf(lowerBoundPercentile));
        m.put("upper_bound_percentile", String.valueOf(upperBoundPercentile));
        m.put("safety_margin_fraction", String.valueOf(safetyMarginFraction));
        m.put("pod_min_cpu_millicores", String.valueOf(podMinCpuMillicores));
        m.put("pod_min_memory_bytes", String.valueOf(podMinMemoryBytes));
        return m;
    }
}
