package dev.krr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.types.v1.Money;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneysTest {

    @ParameterizedTest
    @CsvSource({
            "1.2345, 1, 234500000",
            "0.000877, 0, 877000",
            "-0.5, 0, -500000000",
            "-12.000000001, -12, -1",
            "70.08, 70, 80000000"})
    void convertsExactly(String amount, long units, int nanos) {
        Money m = Moneys.of(new BigDecimal(amount), "USD");
        assertThat(m.getUnits()).isEqualTo(units);
        assertThat(m.getNanos()).isEqualTo(nanos);
        assertThat(Moneys.toBigDecimal(m)).isEqualByComparingTo(amount);
    }

    @ParameterizedTest
    @CsvSource({"0.0000000005, 0", "0.0000000015, 2", "0.0000000025, 2"})
    void roundsHalfEvenAtTheNinthDecimal(String amount, int nanos) {
        assertThat(Moneys.of(new BigDecimal(amount), "EUR").getNanos()).isEqualTo(nanos);
    }
}
