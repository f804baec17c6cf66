package dev.krr.pricing.adapter.out.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.pricing.domain.ExchangeRates;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EcbRatesParserTest {

    private static InputStream fixture(String name) {
        return EcbRatesParserTest.class.getClassLoader().getResourceAsStream("fixtures/" + name);
    }

    @Test
    void readsTheDailyFile() {
        ExchangeRates rates = EcbRatesParser.parse(fixture("ecb-eurofxref-daily-2018-06-11.xml"), "daily");

        assertThat(rates.base()).isEqualTo("EUR");
        assertThat(rates.date()).isEqualTo(LocalDate.parse("2018-06-11"));
        assertThat(rates.unitsPerBase()).containsEntry("USD", new java.math.BigDecimal("1.1790"))
                .containsEntry("CNY", new java.math.BigDecimal("7.5518"));
        // 32 currencies + EUR itself
        assertThat(rates.currencies()).hasSize(33);
    }

    @Test
    void takesTheNewestDayOfAHistoryFile() {
        // 61 days 2018-03-14..2018-06-11 on one line; the newest is 2018-06-11 with USD 1.179
        ExchangeRates rates = EcbRatesParser.parse(fixture("ecb-eurofxref-hist-90d.xml"), "hist");
        assertThat(rates.date()).isEqualTo(LocalDate.parse("2018-06-11"));
        assertThat(rates.unitsPerBase().get("USD")).isEqualByComparingTo("1.179");
    }

    @Test
    void refusesOtherXmlAndEntities() {
        assertThatThrownBy(() -> EcbRatesParser.parse(new ByteArrayInputStream("<a/>".getBytes(StandardCharsets.UTF_8)), "x"))
                .hasMessageContaining("no <Cube time=");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>";
        assertThatThrownBy(() -> EcbRatesParser.parse(new ByteArrayInputStream(xxe.getBytes(StandardCharsets.UTF_8)), "evil"))
                .hasMessageContaining("evil: not an ECB reference rate XML");
    }
}
