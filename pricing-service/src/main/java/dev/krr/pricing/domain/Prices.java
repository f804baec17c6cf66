package dev.krr.pricing.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The arithmetic rules every price calculation shares: 20 significant digits, half-even. That is
 * 11 more digits than the nanos the wire carries, so a chain of a split, a discount and a currency
 * conversion never loses a nano.
 */
public final class Prices {

    /** Precision for divisions and products of prices. */
    public static final MathContext CONTEXT = new MathContext(20, RoundingMode.HALF_EVEN);

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Prices() {
    }

    /** {@code percent} off: 28 % off 0.096 leaves 0.096 × 0.72 = 0.06912. */
    public static BigDecimal afterDiscount(BigDecimal amount, BigDecimal percent) {
        return amount.multiply(BigDecimal.ONE.subtract(percent.divide(HUNDRED, CONTEXT)), CONTEXT);
    }

    /** A short human form of a factor for explanations, e.g. 7.461854 -> "7.46". */
    public static String shortForm(BigDecimal value) {
        return value.round(new MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros().toPlainString();
    }
}
