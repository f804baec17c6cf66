package dev.krr.pricing.domain;

import java.util.List;
import java.util.Optional;

/**
 * One page of a provider's instance types. {@code resumeAfter} is the last item's (region, type),
 * which survives catalog reloads better than an offset: a page never repeats or skips a type that
 * still exists.
 */
public record ListingPage(List<ListedInstance> items, Optional<ListingCursor> resumeAfter) {

    /** Position in listing order: region then instance type. */
    public record ListingCursor(String region, String instanceType) {
    }

    /** A listed type with prices converted and discounted as a lookup would answer. */
    public record ListedInstance(
            CatalogEntry entry,
            Optional<Money> onDemandHourly,
            Optional<Money> spotHourly,
            Provenance provenance) {
    }
}
