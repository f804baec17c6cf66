package dev.krr.pricing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeRatesTest {

    // ECB reference rates of 2018-06-11, units per EUR
    private final ExchangeRates ecb = new ExchangeRates("EUR", LocalDate.parse("2018-06-11"), "ECB",
            Map.of("USD", new BigDecimal("1.1790"), "GBP", new BigDecimal("0.88180"), "CNY", new BigDecimal("7.5518")));

    @Test
    void convertsThroughTheBase() {
        // 1.630795 CNY × 1.1790 / 7.5518 = 0.254602519266...
        assertThat(ecb.convert(new BigDecimal("1.630795"), "CNY", "USD"))
                .isCloseTo(new BigDecimal("0.254602519267"), within(new BigDecimal("0.000000000001")));
        // 0.096 USD × 0.88180 / 1.1790 = 0.071800508905...
        assertThat(ecb.convert(Money.of("0.096", "USD"), "GBP").amount())
                .isCloseTo(new BigDecimal("0.071800508906"), within(new BigDecimal("0.000000000001")));
        // the base itself: 1 EUR = 1.1790 USD
        assertThat(ecb.convert(BigDecimal.ONE, "EUR", "USD")).isEqualByComparingTo("1.1790");
    }

    @Test
    void sameCurrencyIsUntouched() {
        assertThat(ecb.convert(new BigDecimal("0.096"), "USD", "USD")).isEqualTo(new BigDecimal("0.096"));
    }

    @Test
    void unknownCurrencyIsNamed() {
        assertThatThrownBy(() -> ecb.convert(BigDecimal.ONE, "USD", "XAU"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'XAU'");
        assertThat(ecb.knows("EUR")).isTrue();
        assertThat(ecb.knows("XAU")).isFalse();
    }
}
