package dev.krr.pricing.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Hourly prices per unit of resource: per vCPU, per GiB of memory and per GPU, in one currency.
 * The GPU rate is absent when nothing priced a GPU (a CPU-only node is not charged for GPUs, and
 * krr never answers a silent zero).
 */
public record ResourceRates(
        BigDecimal cpuPerVcpuHour,
        BigDecimal memoryPerGibHour,
        Optional<BigDecimal> gpuPerHour,
        String currency) {

    public ResourceRates {
        Objects.requireNonNull(cpuPerVcpuHour, "cpuPerVcpuHour");
        Objects.requireNonNull(memoryPerGibHour, "memoryPerGibHour");
        Objects.requireNonNull(gpuPerHour, "gpuPerHour");
        Objects.requireNonNull(currency, "currency");
        if (cpuPerVcpuHour.signum() < 0 || memoryPerGibHour.signum() < 0
                || gpuPerHour.map(BigDecimal::signum).orElse(0) < 0) {
            throw new IllegalArgumentException("rates must not be negative");
        }
        Money.requireIsoCode(currency);
    }

    public static ResourceRates of(String cpu, String memory, String gpu, String currency) {
        return new ResourceRates(new BigDecimal(cpu), new BigDecimal(memory),
                gpu == null ? Optional.empty() : Optional.of(new BigDecimal(gpu)), currency);
    }

    /**
     * Price of a whole node at these rates. 4 vCPU × 0.021811 + 16 GiB × 0.002923 = 0.087244 +
     * 0.046768 = 0.134012 per hour (GCP e2 list rates for an e2-standard-4). GPUs count only when a
     * GPU rate is known.
     */
    public BigDecimal priceOf(InstanceShape shape) {
        BigDecimal total = shape.vcpu().multiply(cpuPerVcpuHour, Prices.CONTEXT)
                .add(shape.memoryGib().multiply(memoryPerGibHour, Prices.CONTEXT), Prices.CONTEXT);
        if (shape.gpuCount() > 0 && gpuPerHour.isPresent()) {
            total = total.add(gpuPerHour.get().multiply(BigDecimal.valueOf(shape.gpuCount()), Prices.CONTEXT), Prices.CONTEXT);
        }
        return total;
    }

    /** Whether {@link #priceOf} covers every resource of {@code shape}. */
    public boolean covers(InstanceShape shape) {
        return shape.gpuCount() == 0 || gpuPerHour.isPresent();
    }

    public ResourceRates scaled(BigDecimal factor) {
        return new ResourceRates(cpuPerVcpuHour.multiply(factor, Prices.CONTEXT),
                memoryPerGibHour.multiply(factor, Prices.CONTEXT),
                gpuPerHour.map(g -> g.multiply(factor, Prices.CONTEXT)), currency);
    }

    public ResourceRates withoutGpu() {
        return new ResourceRates(cpuPerVcpuHour, memoryPerGibHour, Optional.empty(), currency);
    }

    public ResourceRates inCurrency(String target, UnaryOperator<BigDecimal> convert) {
        return new ResourceRates(convert.apply(cpuPerVcpuHour), convert.apply(memoryPerGibHour),
                gpuPerHour.map(convert), target);
    }
}
