package dev.krr.pricing.domain;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Splits a whole-node hourly price into per-vCPU, per-GiB and per-GPU rates with OpenCost's ratio
 * method: take reference rates c (vCPU-h), r (GiB-h), g (GPU-h); with k = c/r and j = g/r,
 * <pre>
 *   memory rate = price / (vcpus·k + GiB + gpus·j),  cpu rate = memory rate·k,  gpu rate = memory rate·j
 * </pre>
 * so the rates keep the reference proportions and add up to the node price exactly.
 *
 * <p>Worked example: AWS m5.large, 2 vCPU, 8 GiB, $0.096/h, reference GCP E2 rates c = 0.021811,
 * r = 0.002923: k = 7.46185426…, denominator 2·7.46185426 + 8 = 22.92370852, memory rate
 * 0.096 / 22.92370852 = 0.0041878…/GiB-h, cpu rate 0.0312490…/vCPU-h; check
 * 2·0.0312490 + 8·0.0041878 = 0.0624980 + 0.0335020 = 0.096.
 */
public final class RatioSplitEstimator {

    private RatioSplitEstimator() {
    }

    /** Rates in the node price's currency (the ratio has none). Empty when the shape has nothing to charge (0 vCPU, 0 GiB, 0 GPU). */
    public static Optional<ResourceRates> split(Money nodePerHour, InstanceShape shape, ResourceRates reference) {
        if (reference.memoryPerGibHour().signum() == 0) {
            return Optional.empty();
        }
        return split(nodePerHour, shape, ratios(reference));
    }

    /** As {@link #split(Money, InstanceShape, ResourceRates)} with the reference's ratios computed once. */
    public static Optional<ResourceRates> split(Money nodePerHour, InstanceShape shape, Ratios ratios) {
        if (shape.isEmpty()) {
            return Optional.empty();
        }
        return memoryRate(nodePerHour.amount(), shape, ratios).map(memoryRate -> new ResourceRates(
                memoryRate.multiply(ratios.cpuToMemory(), Prices.CONTEXT),
                memoryRate,
                shape.gpuCount() > 0 ? Optional.of(memoryRate.multiply(ratios.gpuToMemory(), Prices.CONTEXT)) : Optional.empty(),
                nodePerHour.currency()));
    }

    /** The reference proportions k = c/r and j = g/r (0 without a GPU reference), computed once for many splits. */
    public record Ratios(BigDecimal cpuToMemory, BigDecimal gpuToMemory) {
    }

    public static Ratios ratios(ResourceRates reference) {
        if (reference.memoryPerGibHour().signum() == 0) {
            throw new IllegalArgumentException("reference memory rate must be positive");
        }
        return new Ratios(reference.cpuPerVcpuHour().divide(reference.memoryPerGibHour(), Prices.CONTEXT),
                reference.gpuPerHour().orElse(BigDecimal.ZERO).divide(reference.memoryPerGibHour(), Prices.CONTEXT));
    }

    /** The memory rate price / (vcpus·k + GiB + gpus·j) alone; empty when the denominator is 0. */
    public static Optional<BigDecimal> memoryRate(BigDecimal nodePricePerHour, InstanceShape shape, Ratios ratios) {
        BigDecimal denominator = shape.vcpu().multiply(ratios.cpuToMemory(), Prices.CONTEXT).add(shape.memoryGib(), Prices.CONTEXT);
        if (shape.gpuCount() > 0) {
            denominator = denominator.add(ratios.gpuToMemory().multiply(BigDecimal.valueOf(shape.gpuCount()), Prices.CONTEXT), Prices.CONTEXT);
        }
        return denominator.signum() == 0 ? Optional.empty() : Optional.of(nodePricePerHour.divide(denominator, Prices.CONTEXT));
    }

    /** The cpu:memory ratio k of a reference, for explanations ("cpu:memory 7.46:1"). */
    public static BigDecimal cpuToMemoryRatio(ResourceRates reference) {
        return reference.cpuPerVcpuHour().divide(reference.memoryPerGibHour(), Prices.CONTEXT);
    }
}
