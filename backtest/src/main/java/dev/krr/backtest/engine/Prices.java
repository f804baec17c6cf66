package dev.krr.backtest.engine;

/**
 * Rates that turn requests into money. Defaults are OpenCost's fallback GCP E2 (us-central1)
 * on-demand rates from {@code ANCHORS.md}: $0.021811 per vCPU-hour and $0.002923 per GiB-hour
 * (OpenCost's "GB" is 1024³ bytes). A pod requesting 0.5 cores and 1 GiB for 730 h costs
 * (0.5 × 0.021811 + 1 × 0.002923) × 730 = $10.09 a month.
 *
 * @param cpuPerCoreHour money per core (vCPU) and hour
 * @param memoryPerGibHour money per GiB (2^30 bytes) and hour
 * @param currency ISO currency code, for labels
 */
public record Prices(double cpuPerCoreHour, double memoryPerGibHour, String currency) {

    public static final double GIB = 1024.0 * 1024 * 1024;

    public Prices {
        if (!(cpuPerCoreHour >= 0) || Double.isInfinite(cpuPerCoreHour)) {
            throw new IllegalArgumentException("--cpu-price-per-core-hour must be a finite value >= 0, was " + cpuPerCoreHour);
        }
        if (!(memoryPerGibHour >= 0) || Double.isInfinite(memoryPerGibHour)) {
            throw new IllegalArgumentException("--memory-price-per-gib-hour must be a finite value >= 0, was " + memoryPerGibHour);
        }
        if (currency == null || currency.isBlank()) {
            throw new IllegalArgumentException("--currency must be set");
        }
    }

    public static Prices openCostGcpE2() {
        return new Prices(0.021811, 0.002923, "USD");
    }

    /** Cost per hour of {@code cores} and {@code bytes}. */
    public double perHour(double cores, double bytes) {
        return cores * cpuPerCoreHour + bytes / GIB * memoryPerGibHour;
    }
}
