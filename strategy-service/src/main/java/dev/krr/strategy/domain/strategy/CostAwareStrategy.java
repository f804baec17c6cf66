package dev.krr.strategy.domain.strategy;

import dev.krr.strategy.domain.model.ResourceKind;
import dev.krr.strategy.domain.state.ContainerUsageState;
import dev.krr.strategy.domain.state.WindowView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sets each request at the newsvendor critical fractile of recent usage: q* = Cu / (Cu + Co), where
 * Co is what one idle unit costs per hour (the node's rate) and Cu what one missing unit costs per
 * hour (throttling for CPU, OOM kills for memory; configured). On on-demand nodes at
 * $0.031611/vCPU-h with Cu = $0.30: q* = 0.30 / 0.331611 = 0.9047 → the request is the decayed
 * P90.5 of CPU usage; on spot at $0.009483/vCPU-h: q* = 0.30 / 0.309483 = 0.9694 — cheap capacity
 * buys more headroom. q* is clamped to [minQuantile, maxQuantile]; without a price the fallback
 * quantile is used and said so. CPU gets no limit; the memory limit stays at max(request, window
 * max × 1.15, limit at OOM × 1.25) so the cheaper request never turns into OOM kills.
 */
public final class CostAwareStrategy implements RecommendationStrategy {

    public static final String NAME = "cost-aware";

    private final CostAwareSettings settings;

    public CostAwareStrategy(CostAwareSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> settings() {
        return settings.asText();
    }

    /** q* = Cu / (Cu + Co), clamped; Cu = 0.30, Co = 0.031611 → 0.9047. */
    public static double criticalFractile(double underCostPerHour, double overCostPerHour, double min, double max) {
        double q = underCostPerHour + overCostPerHour == 0 ? max : underCostPerHour / (underCostPerHour + overCostPerHour);
        return Math.min(max, Math.max(min, q));
    }

    @Override
    public ContainerProposal propose(StrategyInput in) {
        ContainerUsageState usage = in.usage();
        if (usage == null || !usage.hasData()) {
            return new ContainerProposal(Proposal.none("No data"), Proposal.none("No data"), 0, Duration.ZERO, 0, List.of());
        }
        KrrSettings krr = settings.krr();
        WindowView w = usage.window(in.now().toEpochMilli(), krr.history());
        List<String> info = new ArrayList<>();
        double qCpu = settings.fallbackQuantile();
        double qMem = settings.fallbackQuantile();
        PriceContext price = in.price();
        if (price == null) {
            info.add("price unknown: quantile " + qCpu + " used for both resources");
        } else {
            double factor = price.capacityType().interruptible() ? settings.interruptibleUnderProvisioningFactor() : 1;
            qCpu = criticalFractile(settings.cpuUnderProvisioningCostPerVcpuHour() * factor, price.cpuPerVcpuHour().doubleValue(),
                    settings.minQuantile(), settings.maxQuantile());
            qMem = criticalFractile(settings.memoryUnderProvisioningCostPerGibHour() * factor,
                    price.memoryPerGibHour().doubleValue(), settings.minQuantile(), settings.maxQuantile());
            info.add(String.format(java.util.Locale.ROOT, "critical fractile on %s: cpu q=%.4f, memory q=%.4f",
                    price.capacityType().name().toLowerCase(java.util.Locale.ROOT), qCpu, qMem));
        }
        Proposal cpu;
        if (w.cpuPoints() < Math.max(1, krr.pointsRequired())) {
            cpu = Proposal.none(w.cpuPoints() == 0 ? "No data" : "Not enough data");
        } else if (in.hpa() != null && in.hpa().targets(ResourceKind.CPU) && !krr.allowHpa()) {
            cpu = Proposal.none("HPA detected");
        } else {
            cpu = Proposal.of(Rounding.cpuMillicoresUp(usage.decayingCpuPercentile(qCpu), krr.minCpuMillicores()), null);
        }
        Proposal memory;
        if (w.memoryPoints() < Math.max(1, krr.pointsRequired())) {
            memory = Proposal.none(w.memoryPoints() == 0 ? "No data" : "Not enough data");
        } else if (in.hpa() != null && in.hpa().targets(ResourceKind.MEMORY) && !krr.allowHpa()) {
            memory = Proposal.none("HPA detected");
        } else {
            long request = Rounding.memoryBytesUpToMib(usage.decayingMemoryPercentile(qMem), krr.minMemoryBytes());
            double limit = Math.max(request, w.memoryMaxBytes() * (1 + settings.memoryLimitBufferPercentage() / 100));
            if (w.oomKills() > 0) {
                limit = Math.max(limit, w.oomLimitMaxBytes() * (1 + krr.oomMemoryBufferPercentage() / 100));
                info.add("OOMKill detected: memory limit kept above the limit at OOM");
            }
            memory = Proposal.of(request, Rounding.memoryBytesUpToMib(limit, krr.minMemoryBytes()));
        }
        long from = Math.max(usage.firstSampleMillis(), in.now().toEpochMilli() - krr.history().toMillis());
        Duration span = Duration.ofMillis(Math.max(0, usage.lastSampleMillis() - from));
        return new ContainerProposal(cpu, memory, w.cpuPoints(), span, Math.min(1, usage.vpaConfidence()), info);
    }
}
