package dev.krr.strategy.domain.strategy;

import dev.krr.strategy.domain.model.ResourceKind;
import dev.krr.strategy.domain.state.ContainerUsageState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The VPA recommender's estimators on krr's decaying histograms: target = P90 × 1.15, lower bound
 * = P50 × 1.15 × (1 + 0.001/c)^−2, upper bound = P95 × 1.15 × (1 + 1/c), with confidence c =
 * min(days of history, CPU samples / 1440); everything at least the per-pod minimum split among
 * the pod's containers. Example: P90 = 0.2 cores → target 0.23 → 230m; with 12 h of history at
 * one sample a minute, c = min(0.5, 720/1440) = 0.5 and the upper bound is P95 × 1.15 × 3.
 * Memory enters as one peak per day (an OOM kill adds max(used + 100 MiB, used × 1.2)).
 * The request is the target; a current limit is kept in proportion to the current request, as
 * VPA's admission controller does; bounds travel in the info lines.
 */
public final class VpaStrategy implements RecommendationStrategy {

    public static final String NAME = "vpa";

    private final VpaSettings settings;

    public VpaStrategy(VpaSettings settings) {
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

    @Override
    public ContainerProposal propose(StrategyInput in) {
        ContainerUsageState usage = in.usage();
        if (usage == null || !usage.hasData()) {
            return new ContainerProposal(Proposal.none("No data"), Proposal.none("No data"), 0, Duration.ZERO, 0, List.of());
        }
        double confidence = usage.vpaConfidence();
        int containers = Math.max(1, in.containersInPod());
        List<String> info = new ArrayList<>();
        Proposal cpu;
        if (in.hpa() != null && in.hpa().targets(ResourceKind.CPU)) {
            cpu = Proposal.none("HPA detected");
        } else if (usage.cpuSamples() == 0) {
            cpu = Proposal.none("No data");
        } else {
            double min = settings.podMinCpuMillicores() / 1000.0 / containers;
            Bounds b = bounds(usage::decayingCpuPercentile, confidence, min);
            long request = Rounding.cpuMillicoresUp(b.target, 0);
            cpu = Proposal.of(request, proportionalLimit(in, ResourceKind.CPU, request));
            info.add("vpa cpu bounds: " + Rounding.cpuMillicoresUp(b.lower, 0) + "m.."
                    + (Double.isInfinite(b.upper) ? "unbounded" : Rounding.cpuMillicoresUp(b.upper, 0) + "m"));
        }
        Proposal memory;
        if (in.hpa() != null && in.hpa().targets(ResourceKind.MEMORY)) {
            memory = Proposal.none("HPA detected");
        } else if (usage.memorySamples() == 0) {
            memory = Proposal.none("No data");
        } else {
            double min = (double) settings.podMinMemoryBytes() / containers;
            Bounds b = bounds(usage::decayingMemoryPercentile, confidence, min);
            long request = Rounding.memoryBytesUpToMib(b.target, 0);
            memory = Proposal.of(request, proportionalLimit(in, ResourceKind.MEMORY, request));
            info.add("vpa memory bounds: " + Rounding.memoryBytesUpToMib(b.lower, 0) / Rounding.MIB + "Mi.."
                    + (Double.isInfinite(b.upper) ? "unbounded" : Rounding.memoryBytesUpToMib(b.upper, 0) / Rounding.MIB + "Mi"));
        }
        if (usage.oomKills() > 0) {
            info.add("OOMKill seen: memory peak bumped (VPA rule)");
        }
        Duration span = Duration.ofMillis(Math.max(0, usage.lastSampleMillis() - usage.firstSampleMillis()));
        return new ContainerProposal(cpu, memory, usage.cpuSamples(), span, Math.min(1, confidence), info);
    }

    private record Bounds(double lower, double target, double upper) {
    }

    private Bounds bounds(java.util.function.DoubleUnaryOperator percentile, double confidence, double min) {
        double margin = 1 + settings.safetyMarginFraction();
        double target = percentile.applyAsDouble(settings.targetPercentile()) * margin;
        double lower = percentile.applyAsDouble(settings.lowerBoundPercentile()) * margin
                * (confidence > 0 ? Math.pow(1 + 0.001 / confidence, -2) : 0);
        double upper = confidence > 0
                ? percentile.applyAsDouble(settings.upperBoundPercentile()) * margin * (1 + 1 / confidence)
                : Double.POSITIVE_INFINITY;
        return new Bounds(Math.max(lower, min), Math.max(target, min), Math.max(upper, min));
    }

    private static Long proportionalLimit(StrategyInput in, ResourceKind kind, long request) {
        Long curReq = in.container().requests().get(kind);
        Long curLim = in.container().limits().get(kind);
        if (curReq == null || curLim == null || curReq == 0) {
            return null;
        }
        double scaled = (double) request * curLim / curReq;
        return kind == ResourceKind.CPU ? (long) Math.ceil(scaled) : Rounding.memoryBytesUpToMib(scaled, 0);
    }
}
