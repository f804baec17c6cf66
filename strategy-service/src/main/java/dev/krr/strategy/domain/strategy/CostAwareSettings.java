package dev.krr.strategy.domain.strategy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of {@link CostAwareStrategy}. Under-provisioning costs are what one missing unit costs
 * per hour (throttled vCPU, OOM-killed GiB), in the currency of the node rates.
 *
 * @param interruptibleUnderProvisioningFactor multiplies the under-provisioning costs on spot or
 *        preemptible nodes (below 1: workloads there already tolerate disruption)
 * @param fallbackQuantile used when no node rate is known
 * @param memoryLimitBufferPercentage memory limit = max(request, window max × (1 + this/100))
 */
public record CostAwareSettings(double cpuUnderProvisioningCostPerVcpuHour, double memoryUnderProvisioningCostPerGibHour,
                                double interruptibleUnderProvisioningFactor, double fallbackQuantile, double minQuantile,
                                double maxQuantile, double memoryLimitBufferPercentage, KrrSettings krr) {

    public CostAwareSettings {
        if (cpuUnderProvisioningCostPerVcpuHour < 0 || memoryUnderProvisioningCostPerGibHour < 0
                || interruptibleUnderProvisioningFactor < 0 || memoryLimitBufferPercentage < 0) {
            throw new IllegalArgumentException("cost-aware costs, factor and buffer must be >= 0");
        }
        if (!(minQuantile > 0 && minQuantile <= maxQuantile && maxQuantile <= 1)) {
            throw new IllegalArgumentException("cost-aware needs 0 < minQuantile <= maxQuantile <= 1, got "
                    + minQuantile + ", " + maxQuantile);
        }
        if (!(fallbackQuantile > 0 && fallbackQuantile <= 1)) {
            throw new IllegalArgumentException("cost-aware fallbackQuantile must be in (0, 1], got " + fallbackQuantile);
        }
    }

    public static CostAwareSettings defaults() {
        return new CostAwareSettings(0.30, 0.50, 1.0, 0.9, 0.5, 0.99, 15, KrrSettings.defaults());
    }

    Map<String, String> asText() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu_under_provisioning_cost_per_vcpu_hour", String.valueOf(cpuUnderProvisioningCostPerVcpuHour));
        m.put("memory_under_provisioning_cost_per_gib_hour", String.valueOf(memoryUnderProvisioningCostPerGibHour));
        m.put("interruptible_under_provisioning_factor", String.valueOf(interruptibleUnderProvisioningFactor));
        m.put("fallback_quantile", String.valueOf(fallbackQuantile));
        m.put("min_quantile", String.valueOf(minQuantile));
        m.put("max_quantile", String.valueOf(maxQuantile));
        m.put("memory_limit_buffer_percentage", String.valueOf(memoryLimitBufferPercentage));
        m.put("points_required", String.valueOf(krr.pointsRequired()));
        m.put("min_cpu_millicores", String.valueOf(krr.minCpuMillicores()));
        m.put("min_memory_bytes", String.valueOf(krr.minMemoryBytes()));
        return m;
    }
}
