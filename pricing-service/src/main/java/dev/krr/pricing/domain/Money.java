package dev.krr.pricing.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount in one ISO 4217 currency. Prices never pass through a double: 0.096 USD/h stays
 * 0.096, and a ratio split keeps {@link Prices#CONTEXT} significant digits until the wire rounds it
 * to nanos.
 */
public record Money(BigDecimal amount, String currency) {

    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(amount, "amount");
        requireIsoCode(currency);
    }

    /** Rejects anything but three upper-case letters, naming the value. */
    public static String requireIsoCode(String currency) {
        if (currency == null || !ISO_4217.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code such as USD, got '" + currency + "'");
        }
        return currency;
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor, Prices.CONTEXT), currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(amount.add(other.amount, Prices.CONTEXT), currency);
    }

    @Override
    public String toString() {
        return amount.stripTrailingZeros().toPlainString() + " " + currency;
    }
}
