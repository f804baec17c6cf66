package dev.krr.strategy.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.krr.strategy.domain.histogram.DecayingHistogram;
import dev.krr.strategy.domain.histogram.GeometricBuckets;
import dev.krr.strategy.domain.histogram.SparseCounts;
import dev.krr.strategy.domain.histogram.VpaBuckets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistogramTest {

    private static final long DAY = 86_400_000L;

    @Test
    void vpaCpuBucketsHaveVpasShape() {
        VpaBuckets b = VpaBuckets.vpaCpuCores();
        // ⌈ln(1000·0.05/0.01 + 1)/ln 1.05⌉ + 1 = ⌈174.58⌉ + 1 = 176
        assertThat(b.bucketCount()).isEqualTo(176);
        assertThat(b.start(1)).isCloseTo(0.01, within(1e-12));
        // 0.01 + 0.0105
        assertThat(b.start(2)).isCloseTo(0.0205, within(1e-12));
        assertThat(b.bucketOf(0.005)).isZero();
        assertThat(b.bucketOf(0.015)).isEqualTo(1);
        assertThat(b.upperBound(1)).isCloseTo(0.0205, within(1e-12));
        assertThat(b.bucketOf(5000)).isEqualTo(175);
        // memory: ⌈ln(10^12·0.05/10^7 + 1)/ln 1.05⌉ + 1 = ⌈175.0⌉ + 1
        assertThat(VpaBuckets.vpaMemoryBytes().bucketCount()).isBetween(176, 177);
    }

    @ParameterizedTest
    @CsvSource({
        // value, bucket, upper bound: bucket i ≥ 1 is (0.001·1.05^(i−1), 0.001·1.05^i]
        "0.0005, 0, 0.001",
        "0.001, 0, 0.001",
        "0.00105, 1, 0.00105",
        "0.0011, 2, 0.0011025",
        // ⌈ln 200 / ln 1.05⌉ = ⌈108.59⌉ = 109; 1.05^109 = 204.0016
        "0.2, 109, 0.2040016",
        // ⌈ln 290 / ln 1.05⌉ = ⌈116.21⌉ = 117; 1.05^117 = 301.4033
        "0.29, 117, 0.3014033",
    })
    void geometricBucketsNeverUnderstateAndOverstateByLessThanTheGrowth(double value, int bucket, double upper) {
        GeometricBuckets b = GeometricBuckets.cpuCores(1.05);
        assertThat(b.bucketCount()).isEqualTo(285);
        assertThat(b.bucketOf(value)).isEqualTo(bucket);
        assertThat(b.upperBound(bucket)).isCloseTo(upper, within(1e-7));
        assertThat(b.upperBound(bucket)).isGreaterThanOrEqualTo(value);
        if (value >= 0.001) {
            assertThat(b.upperBound(bucket)).isLessThanOrEqualTo(value * 1.05 + 1e-12);
        }
    }

    @Test
    void percentileIsTheUpperBoundOfTheBucketReachingTheThreshold() {
        DecayingHistogram h = new DecayingHistogram(VpaBuckets.vpaCpuCores(), DAY);
        // weights 1, 1, 2 in buckets 0, 1, 2 (total 4)
        h.add(0.005, 1, 0);
        h.add(0.015, 1, 0);
        h.add(0.025, 2, 0);
        // p=0.5: threshold 2, reached in bucket 1 → its upper bound 0.0205
        assertThat(h.percentile(0.5)).isCloseTo(0.0205, within(1e-12));
        // p=0.25: threshold 1, reached in bucket 0 → 0.01
        assertThat(h.percentile(0.25)).isCloseTo(0.01, within(1e-12));
        // p=0.9: threshold 3.6 → bucket 2 → start(3) = 0.01·(1.05³−1)/0.05 = 0.031525
        assertThat(h.percentile(0.9)).isCloseTo(0.031525, within(1e-12));
        assertThat(new DecayingHistogram(VpaBuckets.vpaCpuCores(), DAY).percentile(0.5)).isZero();
    }

    @Test
    void aDayOldSampleWeighsHalfWithA24hHalfLife() {
        DecayingHistogram same = new DecayingHistogram(VpaBuckets.vpaCpuCores(), DAY);
        same.add(0.005, 1, 0);
        same.add(0.015, 1, 0);
        // equal weights: P50 threshold 1 is reached in bucket 0
        assertThat(same.percentile(0.5)).isCloseTo(0.01, within(1e-12));

        DecayingHistogram decayed = new DecayingHistogram(VpaBuckets.vpaCpuCores(), DAY);
        decayed.add(0.005, 1, 0);
        decayed.add(0.015, 1, DAY);
        // the newer sample weighs 2: total 3, P50 threshold 1.5 → bucket 0 holds 1 → bucket 1 → 0.0205
        assertThat(decayed.percentile(0.5)).isCloseTo(0.0205, within(1e-12));
        // P30: threshold 0.9 ≤ 1 → bucket 0
        assertThat(decayed.percentile(0.3)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void referenceShiftKeepsWeightsFiniteAndOrdered() {
        DecayingHistogram h = new DecayingHistogram(VpaBuckets.vpaCpuCores(), DAY);
        h.add(0.005, 1, 0);
        // 60 half-lives later: the old sample weighs 2^-60 of the new one, well past the 2^20 shift point
        h.add(0.5, 1, 60 * DAY);
        h.add(0.5, 1, 60 * DAY + 1000);
        assertThat(h.totalWeight()).isFinite().isPositive();
        assertThat(h.percentile(0.01)).isGreaterThan(0.4);
    }

    @Test
    void sparseCountsPercentileTakesTheSampleAtTheCeilingRank() {
        GeometricBuckets b = GeometricBuckets.cpuCores(1.05);
        long[] dense = new long[b.bucketCount()];
        // samples 1m, 2m, ..., 100m
        for (int m = 1; m <= 100; m++) {
            dense[b.bucketOf(m / 1000.0)]++;
        }
        // φ = 0.95: rank ⌈0.95·99⌉ = ⌈94.05⌉ = 95 (0-based) → the 96th smallest, 0.096 cores, in bucket
        // ⌈ln 96 / ln 1.05⌉ = ⌈93.55⌉ = 94 whose upper bound is 0.001·1.05^94 = 0.09813. Prometheus'
        // interpolated P95 is 0.095 + 0.05·0.001 = 0.09505: krr answers 3.2% above it, never below.
        double p95 = SparseCounts.percentile(dense, 100, 0.95, b);
        assertThat(p95).isCloseTo(0.001 * Math.pow(1.05, 94), within(1e-12));
        assertThat(p95).isGreaterThanOrEqualTo(0.09505);
        assertThat(SparseCounts.percentile(new long[b.bucketCount()], 0, 0.95, b)).isNaN();
    }

    @Test
    void sparseCountsStayOrderedAndGrow() {
        SparseCounts c = new SparseCounts(1);
        c.add(50, 2);
        c.add(10, 1);
        c.add(30, 4);
        c.add(10, 1);
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.total()).isEqualTo(8);
        assertThat(new int[] {c.bucketAt(0), c.bucketAt(1), c.bucketAt(2)}).containsExactly(10, 30, 50);
        assertThat(new int[] {c.countAt(0), c.countAt(1), c.countAt(2)}).containsExactly(2, 4, 2);
    }
}
