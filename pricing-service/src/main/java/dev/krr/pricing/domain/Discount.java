package dev.krr.pricing.domain;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A negotiated reduction — savings plan, committed-use discount, enterprise agreement — as a
 * percentage off list prices, scoped to a provider and optionally a region, an instance-type
 * prefix and a capacity type. When several apply, the most specific wins (they do not stack:
 * providers apply one such discount per usage line). 28 % off an m5.large at 0.096 gives 0.06912.
 */
public record Discount(
        String name,
        String provider,
        Optional<String> region,
        Optional<String> instanceTypePrefix,
        Optional<CapacityType> capacityType,
        BigDecimal percent) {

    public Discount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(instanceTypePrefix, "instanceTypePrefix");
        Objects.requireNonNull(capacityType, "capacityType");
        Objects.requireNonNull(percent, "percent");
        if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("discount percent must be between 0 and 100, got " + percent);
        }
    }

    /** -1 when it does not apply, else 0..3 counting the optional scopes it names. */
    public int specificity(String provider, String region, String instanceType, CapacityType capacity) {
        if (!lower(this.provider).equals(lower(provider))) {
            return -1;
        }
        if (region.isEmpty() && this.region.isPresent()) {
            return -1;
        }
        if (this.region.isPresent() && !lower(this.region.get()).equals(lower(region))) {
            return -1;
        }
        if (this.instanceTypePrefix.isPresent() && !lower(instanceType).startsWith(lower(this.instanceTypePrefix.get()))) {
            return -1;
        }
        if (this.capacityType.isPresent() && this.capacityType.get() != capacity) {
            return -1;
        }
        return (this.region.isPresent() ? 1 : 0) + (this.instanceTypePrefix.isPresent() ? 1 : 0)
                + (this.capacityType.isPresent() ? 1 : 0);
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
