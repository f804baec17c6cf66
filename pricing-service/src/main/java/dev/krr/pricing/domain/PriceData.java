package dev.krr.pricing.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * One layer of price facts — the bundled catalog, a custom pricing file, a refreshed provider feed.
 * Layers are stacked in that order; a later layer's entry for the same instance replaces the
 * earlier one.
 */
public record PriceData(List<CatalogEntry> entries, List<RateCard> rateCards, List<Discount> discounts) {

    public PriceData {
        entries = List.copyOf(entries);
        rateCards = List.copyOf(rateCards);
        discounts = List.copyOf(discounts);
    }

    public static PriceData empty() {
        return new PriceData(List.of(), List.of(), List.of());
    }

    public static PriceData ofEntries(List<CatalogEntry> entries) {
        return new PriceData(entries, List.of(), List.of());
    }

    /** This layer with {@code upper} on top. */
    public PriceData overlaidWith(PriceData upper) {
        List<CatalogEntry> e = new ArrayList<>(entries);
        e.addAll(upper.entries);
        List<RateCard> r = new ArrayList<>(rateCards);
        r.addAll(upper.rateCards);
        List<Discount> d = new ArrayList<>(discounts);
        d.addAll(upper.discounts);
        return new PriceData(e, r, d);
    }
}
