package dev.krr.strategy.domain.cost;

import java.math.BigDecimal;

/**
 * Monthly money of a workload at its current and at its recommended requests. When no rate is
 * known the amounts are null, {@code unknown} is true and {@code unknownReason} says why.
 *
 * @param savingsMonthly current − recommended; negative when the recommendation costs more
 * @param estimated true when a rate was estimated or some pods' nodes had no rate
 * @param stale true when a rate was older than the configured age or marked stale by pricing
 */
public record WorkloadCost(String currency, BigDecimal currentMonthly, BigDecimal recommendedMonthly,
                           BigDecimal savingsMonthly, String source, String effectiveDate, boolean estimated,
                           String estimationBasis, boolean stale, boolean unknown, String unknownReason) {

    public static WorkloadCost unknown(String reason) {
        return new WorkloadCost("", null, null, null, "", "", false, "", false, true, reason);
    }
}
