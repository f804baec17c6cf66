package dev.krr.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({
            // text, millicores (rounded up)
            "100m, 100",
            "0.1, 100",
            "1, 1000",
            "2e3, 2000000", // 2e3 cores = 2000 cores
            "1.5, 1500",
            "0.0001, 1", // 0.1m rounds up to 1m, as Kubernetes does
            "250000u, 250",
            "500000000n, 500"})
    void cpu(String text, long millicores) {
        assertThat(Quantities.cpuMillicores(text)).isEqualTo(millicores);
    }

    @ParameterizedTest
    @CsvSource({
            "1.5Gi, 1610612736", // 1.5 * 2^30
            "512Mi, 536870912",
            "1G, 1000000000",
            "128974848, 128974848",
            "129e6, 129000000",
            "123Ki, 125952",
            "1E, 1000000000000000000"})
    void bytes(String text, long bytes) {
        assertThat(Quantities.wholeUnits(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "abc", "12Qi", "1.5e", "-1Gi", "1..5", "Gi"})
    void garbageIsRejectedNamingTheText(String text) {
        assertThatThrownBy(() -> Quantities.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quantity");
    }
}
