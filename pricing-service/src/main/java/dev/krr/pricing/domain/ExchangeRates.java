package dev.krr.pricing.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A reference rate table: units of each currency per one unit of a base currency on one date, as
 * the ECB publishes them (base EUR). Converting goes through the base:
 * amount × rate(to) / rate(from). With the ECB table of 2018-06-11 (USD 1.1790, CNY 7.5518), an
 * Alibaba ecs.c7.2xlarge at 1.630795 CNY/h is 1.630795 × 1.1790 / 7.5518 = 0.2546025… USD/h.
 */
public record ExchangeRates(String base, LocalDate date, String source, Map<String, BigDecimal> unitsPerBase) {

    public ExchangeRates {
        Money.requireIsoCode(base);
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(source, "source");
        Map<String, BigDecimal> copy = new HashMap<>(unitsPerBase);
        copy.forEach((code, rate) -> {
            Money.requireIsoCode(code);
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("exchange rate of " + code + " must be positive, got " + rate);
            }
        });
        copy.put(base, BigDecimal.ONE);
        unitsPerBase = Map.copyOf(copy);
    }

    /** A table that knows only one currency: nothing to convert. */
    public static ExchangeRates only(String currency, LocalDate date) {
        return new ExchangeRates(currency, date, "none", Map.of());
    }

    public boolean knows(String currency) {
        return unitsPerBase.containsKey(currency);
    }

    public Set<String> currencies() {
        return new TreeSet<>(unitsPerBase.keySet());
    }

    public BigDecimal convert(BigDecimal amount, String from, String to) {
        if (from.equals(to)) {
            return amount;
        }
        BigDecimal fromRate = rateOf(from);
        BigDecimal toRate = rateOf(to);
        return amount.multiply(toRate, Prices.CONTEXT).divide(fromRate, Prices.CONTEXT);
    }

    public Money convert(Money money, String to) {
        return new Money(convert(money.amount(), money.currency(), to), to);
    }

    private BigDecimal rateOf(String currency) {
        BigDecimal rate = unitsPerBase.get(currency);
        if (rate == null) {
            throw new IllegalArgumentException("no exchange rate for currency '" + currency + "' in " + source);
        }
        return rate;
    }
}
