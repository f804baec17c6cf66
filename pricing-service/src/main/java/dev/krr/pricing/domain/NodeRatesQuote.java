package dev.krr.pricing.domain;

import java.util.Optional;

/**
 * Per-resource hourly rates of a node and, when its shape is known, the whole node's hourly
 * price. {@code nodePriceListed} tells a listed node price split into rates (the rates are an
 * estimate, the total is not) apart from a node priced entirely from fallback rates.
 */
public record NodeRatesQuote(
        PriceQuery query,
        Optional<Money> nodePerHour,
        ResourceRates rates,
        Optional<InstanceShape> shape,
        Provenance provenance,
        boolean nodePriceListed) {
}
