package dev.krr.pricing.domain;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-resource rates published for a provider, optionally narrowed to a region and an instance
 * family: GCP's per-family vCPU/GiB list prices, Oracle's OCPU/GiB prices, or an on-prem cost model
 * from the custom pricing file. {@code authoritative} cards (the custom file) are the price itself;
 * the others are list prices used to estimate types the catalog does not list.
 */
public record RateCard(
        String provider,
        Optional<String> region,
        Optional<String> family,
        CapacityType capacityType,
        ResourceRates rates,
        String source,
        Optional<LocalDate> effectiveDate,
        boolean authoritative) {

    public RateCard {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(capacityType, "capacityType");
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
    }

    /**
     * How well this card matches, or -1 when it does not: provider must match; a card naming a
     * region or family must match it; a card with both (3) beats one with a family (2), then a
     * region (1), then a provider-wide card (0).
     */
    public int specificity(String provider, String region, String family, CapacityType capacity) {
        if (!same(this.provider, provider) || this.capacityType != pricingCapacity(capacity)) {
            return -1;
        }
        if (this.region.isPresent() && !same(this.region.get(), region)) {
            return -1;
        }
        if (this.family.isPresent() && !same(this.family.get(), family)) {
            return -1;
        }
        return (this.family.isPresent() ? 2 : 0) + (this.region.isPresent() ? 1 : 0);
    }

    /** Cards exist for on-demand and spot; preemptible reads spot, reserved reads on-demand. */
    public static CapacityType pricingCapacity(CapacityType capacity) {
        return capacity.pricedAsSpot() ? CapacityType.SPOT : CapacityType.ON_DEMAND;
    }

    private static boolean same(String a, String b) {
        return a.trim().equalsIgnoreCase(b.trim());
    }
}
