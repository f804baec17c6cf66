package dev.krr.strategy.domain.state;

import dev.krr.strategy.domain.histogram.GeometricBuckets;
import dev.krr.strategy.domain.histogram.VpaBuckets;
import java.time.Duration;

/**
 * How per-container usage state is kept. Defaults are VPA's (0.01 core / 10 MB first buckets, 5%
 * growth, 24 h half-life, one memory peak per container per 24 h, CPU samples weighing 0.1) for the
 * decaying histograms, and KRR's 14-day window cut into 1-day slices of 5%-geometric CPU buckets.
 *
 * @param vpaCpuBuckets buckets of the decaying CPU histogram, in cores
 * @param vpaMemoryBuckets buckets of the decaying memory-peak histogram, in bytes
 * @param halfLife half-life of sample weights in the decaying histograms
 * @param memoryAggregationInterval one memory peak enters the decaying histogram per interval
 * @param cpuSampleWeight base weight of a CPU sample (VPA: 0.1)
 * @param windowCpuBuckets buckets of the KRR-window CPU slices, in cores
 * @param windowSlice length of one window slice: the window's edge resolution
 * @param windowHistory longest KRR history the window must answer for (14 days)
 */
public record StateSettings(VpaBuckets vpaCpuBuckets, VpaBuckets vpaMemoryBuckets, Duration halfLife,
                            Duration memoryAggregationInterval, double cpuSampleWeight,
                            GeometricBuckets windowCpuBuckets, Duration windowSlice, Duration windowHistory) {

    public StateSettings {
        requirePositive("halfLife", halfLife);
        requirePositive("memoryAggregationInterval", memoryAggregationInterval);
        requirePositive("windowSlice", windowSlice);
        requirePositive("windowHistory", windowHistory);
        if (!(cpuSampleWeight > 0)) {
            throw new IllegalArgumentException("cpuSampleWeight must be > 0, was " + cpuSampleWeight);
        }
    }

    /** VPA and KRR defaults. */
    public static StateSettings defaults() {
        return new StateSettings(VpaBuckets.vpaCpuCores(), VpaBuckets.vpaMemoryBytes(), Duration.ofHours(24),
                Duration.ofHours(24), 0.1, GeometricBuckets.cpuCores(1.05), Duration.ofDays(1), Duration.ofDays(14));
    }

    /** Slices kept: enough to cover {@code windowHistory} from any point inside the newest slice (14 d / 1 d → 15). */
    public int windowSlicesKept() {
        return (int) ((windowHistory.toMillis() + windowSlice.toMillis() - 1) / windowSlice.toMillis()) + 1;
    }

    /** A fingerprint of everything that gives stored bucket indexes their meaning. */
    public int layoutHash() {
        return (vpaCpuBuckets + "|" + vpaMemoryBuckets + "|" + windowCpuBuckets + "|" + windowSlice.toMillis()).hashCode();
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }
}
