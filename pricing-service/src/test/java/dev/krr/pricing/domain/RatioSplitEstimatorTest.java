package dev.krr.pricing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RatioSplitEstimatorTest {

    private static final ResourceRates OPENCOST_DEFAULTS = ResourceRates.of("0.021811", "0.002923", "0.95", "USD");
    private static final BigDecimal NANO = new BigDecimal("0.000000001");

    @Test
    void splitsAnM5LargeInTheReferenceProportions() {
        // k = 0.021811 / 0.002923 = 7.46185425932...; denominator 2k + 8 = 22.92370851864...
        // memory = 0.096 / 22.92370851864 = 0.00418780407724...; cpu = memory × k = 0.03124878369101...
        ResourceRates rates = RatioSplitEstimator.split(Money.of("0.096", "USD"), InstanceShape.of("2", "8"), OPENCOST_DEFAULTS)
                .orElseThrow();

        assertThat(rates.memoryPerGibHour()).isCloseTo(new BigDecimal("0.004187804077"), within(NANO));
        assertThat(rates.cpuPerVcpuHour()).isCloseTo(new BigDecimal("0.031248783691"), within(NANO));
        assertThat(rates.gpuPerHour()).isEmpty();
        assertThat(rates.currency()).isEqualTo("USD");
        // 2 × 0.031248783691 + 8 × 0.004187804077 = 0.062497567382 + 0.033502432618 = 0.096
        assertThat(rates.priceOf(InstanceShape.of("2", "8"))).isCloseTo(new BigDecimal("0.096"), within(NANO));
    }

    @Test
    void givesGpusTheirOwnRatioTerm() {
        // g4dn.xlarge: 4 vCPU, 16 GiB, 1 T4 at 0.526. j = 0.95 / 0.002923 = 325.00855285665...
        // denominator 4k + 16 + j = 29.84741703729 + 16 + 325.00855285665 = 370.85596989394
        // memory = 0.526 / 370.85596989394 = 0.00141834038738; cpu = 0.01058344926071; gpu = 0.46097275675915
        ResourceRates rates = RatioSplitEstimator.split(Money.of("0.526", "USD"), InstanceShape.of("4", "16", 1, "t4"),
                OPENCOST_DEFAULTS).orElseThrow();

        assertThat(rates.memoryPerGibHour()).isCloseTo(new BigDecimal("0.001418340387"), within(NANO));
        assertThat(rates.cpuPerVcpuHour()).isCloseTo(new BigDecimal("0.010583449261"), within(NANO));
        assertThat(rates.gpuPerHour()).hasValueSatisfying(g -> assertThat(g).isCloseTo(new BigDecimal("0.460972756759"), within(NANO)));
        assertThat(rates.priceOf(InstanceShape.of("4", "16", 1, "t4"))).isCloseTo(new BigDecimal("0.526"), within(NANO));
    }

    @Test
    void keepsTheNodePricesCurrency() {
        // ratios have no currency: 1.630795 CNY splits into CNY rates
        ResourceRates rates = RatioSplitEstimator.split(Money.of("1.630795", "CNY"), InstanceShape.of("8", "16"), OPENCOST_DEFAULTS)
                .orElseThrow();
        assertThat(rates.currency()).isEqualTo("CNY");
        assertThat(rates.priceOf(InstanceShape.of("8", "16"))).isCloseTo(new BigDecimal("1.630795"), within(NANO));
    }

    @Test
    void cannotSplitOverNothing() {
        assertThat(RatioSplitEstimator.split(Money.of("0.1", "USD"), InstanceShape.of("0", "0"), OPENCOST_DEFAULTS)).isEmpty();
    }
}
