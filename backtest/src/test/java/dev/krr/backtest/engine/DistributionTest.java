package dev.krr.backtest.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionTest {

    @Test
    void meanAndLinearPercentilesOverDefinedValues() {
        // sorted {0.0, 0.1, 0.2, 0.5}, NaN left out: mean 0.2; P50 at rank 1.5 → 0.15;
        // P90 at rank 2.7 → 0.2 + 0.7 × 0.3 = 0.41; P99 at rank 2.97 → 0.2 + 0.97 × 0.3 = 0.491
        Distribution d = Distribution.of(new double[] {0.5, Double.NaN, 0.0, 0.2, 0.1});
        assertThat(d.n()).isEqualTo(4);
        assertThat(d.mean()).isCloseTo(0.2, within(1e-12));
        assertThat(d.p50()).isCloseTo(0.15, within(1e-12));
        assertThat(d.p90()).isCloseTo(0.41, within(1e-12));
        assertThat(d.p99()).isCloseTo(0.491, within(1e-12));
    }

    @Test
    void emptyAndSingle() {
        assertThat(Distribution.of(new double[] {Double.NaN})).isEqualTo(Distribution.EMPTY);
        Distribution one = Distribution.of(new double[] {0.3});
        assertThat(one.p99()).isEqualTo(0.3);
        assertThat(one.mean()).isEqualTo(0.3);
    }
}
