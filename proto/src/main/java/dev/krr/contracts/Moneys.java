package dev.krr.contracts;

import dev.krr.types.v1.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Conversions between the {@link Money} contract (units + nanos) and {@link BigDecimal}, exact to
 * the nano. Amounts with more than nine decimals are rounded half-even at the ninth, the only
 * rounding a price ever sees on the wire.
 */
public final class Moneys {

    private static final BigDecimal NANOS_PER_UNIT = BigDecimal.valueOf(1_000_000_000L);

    private Moneys() {
    }

    /** 1.2345 USD becomes units=1, nanos=234500000; -0.5 becomes units=0, nanos=-500000000. */
    public static Money of(BigDecimal amount, String currencyCode) {
        BigDecimal scaled = amount.setScale(9, RoundingMode.HALF_EVEN);
        BigDecimal units = scaled.setScale(0, RoundingMode.DOWN);
        int nanos = scaled.subtract(units).multiply(NANOS_PER_UNIT).intValueExact();
        return Money.newBuilder().setCurrencyCode(currencyCode).setUnits(units.longValueExact()).setNanos(nanos).build();
    }

    /** The exact decimal amount of {@code money}, scale 9. */
    public static BigDecimal toBigDecimal(Money money) {
        return BigDecimal.valueOf(money.getUnits()).setScale(9)
                .add(BigDecimal.valueOf(money.getNanos()).divide(NANOS_PER_UNIT, 9, RoundingMode.UNNECESSARY));
    }
}
