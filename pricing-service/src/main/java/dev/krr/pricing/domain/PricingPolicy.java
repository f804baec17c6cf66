package dev.krr.pricing.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The configured choices behind every estimate: the default answer currency, the reference
 * rates used for the ratio split and as the last fallback (OpenCost's defaults are GCP E2
 * us-central1: 0.021811 per vCPU-h, 0.002923 per GiB-h, 0.95 per GPU-h; spot 0.006543 and
 * 0.000877), the spot/on-demand ratio used where a provider lists no spot price (0.3 = the E2
 * ratio 0.006543/0.021811), and how old a price or an exchange rate may be before it is stale.
 */
public record PricingPolicy(
        String defaultCurrency,
        ResourceRates defaultOnDemandRates,
        ResourceRates defaultSpotRates,
        BigDecimal spotToOnDemandRatio,
        Duration maxPriceAge,
        Duration maxExchangeRateAge) {

    public PricingPolicy {
        Money.requireIsoCode(defaultCurrency);
        Objects.requireNonNull(defaultOnDemandRates, "defaultOnDemandRates");
        Objects.requireNonNull(defaultSpotRates, "defaultSpotRates");
        Objects.requireNonNull(spotToOnDemandRatio, "spotToOnDemandRatio");
        Objects.requireNonNull(maxPriceAge, "maxPriceAge");
        Objects.requireNonNull(maxExchangeRateAge, "maxExchangeRateAge");
        if (spotToOnDemandRatio.signum() <= 0 || spotToOnDemandRatio.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("spot-to-on-demand ratio must be in (0, 1], got " + spotToOnDemandRatio);
        }
        if (defaultOnDemandRates.memoryPerGibHour().signum() == 0 || defaultSpotRates.memoryPerGibHour().signum() == 0) {
            throw new IllegalArgumentException("default memory rates must be positive (the ratio split divides by them)");
        }
    }

    /** OpenCost's documented defaults in USD; prices older than 400 days and rates older than 7 days are stale. */
    public static PricingPolicy openCostDefaults() {
        return new PricingPolicy("USD",
                ResourceRates.of("0.021811", "0.002923", "0.95", "USD"),
                ResourceRates.of("0.006543", "0.000877", "0.95", "USD"),
                new BigDecimal("0.3"), Duration.ofDays(400), Duration.ofDays(7));
    }

    public ResourceRates defaultRates(CapacityType capacity) {
        return capacity.pricedAsSpot() ? defaultSpotRates : defaultOnDemandRates;
    }
}
