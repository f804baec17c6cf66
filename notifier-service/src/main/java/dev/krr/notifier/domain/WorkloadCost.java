package dev.krr.notifier.domain;

import java.math.BigDecimal;

/**
 * Monthly money of a workload in one currency: what its current requests cost, what the
 * recommended ones would cost, and the difference. Exact decimals, never floating point.
 * When {@code unknown} is true no rate was known and the amounts are zero; reports must show
 * "unknown", not "$0".
 *
 * <p>Example: current 73.00 USD, recommended 18.25 USD: savings 54.75 USD a month.
 */
public record WorkloadCost(
        String currency,
        BigDecimal currentMonthly,
        BigDecimal recommendedMonthly,
        BigDecimal savingsMonthly,
        boolean unknown,
        String unknownReason,
        String priceSource,
        boolean estimated,
        boolean stale) {

    /** Cost of a workload for which no price was known. */
    public static WorkloadCost unknown(String reason) {
        return new WorkloadCost("", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, true, reason, "", false, false);
    }
}
