package dev.krr.pricing.domain;

import java.util.Optional;

/** The answer to "what does this instance cost per hour": price, the shape it buys, provenance. */
public record InstanceQuote(PriceQuery query, Money hourly, Optional<InstanceShape> shape, Provenance provenance) {
}
