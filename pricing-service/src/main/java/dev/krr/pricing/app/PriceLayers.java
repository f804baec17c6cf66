package dev.krr.pricing.app;

import dev.krr.pricing.domain.ExchangeRates;
import dev.krr.pricing.domain.InstanceCatalog;
import dev.krr.pricing.domain.PriceBook;
import dev.krr.pricing.domain.PriceData;
import dev.krr.pricing.domain.PricingPolicy;
import java.time.Clock;
import java.util.Objects;

/**
 * Keeps the layers a price book is built from — bundled catalog, refreshed provider feeds,
 * custom pricing file (later layers win) and the exchange rate table — and rebuilds the
 * {@link CurrentPriceBook} whenever one of them is replaced.
 */
public final class PriceLayers {

    private final CurrentPriceBook current;
    private final PricingPolicy policy;
    private final Clock clock;
    private final PriceData bundled;
    private PriceData refreshed = PriceData.empty();
    private PriceData custom = PriceData.empty();
    private ExchangeRates exchangeRates;

    public PriceLayers(PriceData bundled, ExchangeRates exchangeRates, PricingPolicy policy, Clock clock) {
        this.bundled = Objects.requireNonNull(bundled, "bundled");
        this.exchangeRates = Objects.requireNonNull(exchangeRates, "exchangeRates");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = new CurrentPriceBook(build(bundled, refreshed, custom, exchangeRates), clock.instant());
    }

    public CurrentPriceBook current() {
        return current;
    }

    /** Replaces the custom layer; throws (and changes nothing) when the resulting book is invalid. */
    public synchronized void replaceCustom(PriceData data) {
        PriceBook book = build(bundled, refreshed, Objects.requireNonNull(data, "data"), exchangeRates);
        this.custom = data;
        current.replace(book, clock.instant());
    }

    /** Replaces the layer of refreshed provider feeds; throws (and changes nothing) when the resulting book is invalid. */
    public synchronized void replaceRefreshed(PriceData data) {
        PriceBook book = build(bundled, Objects.requireNonNull(data, "data"), custom, exchangeRates);
        this.refreshed = data;
        current.replace(book, clock.instant());
    }

    /** Replaces the exchange rate table; throws (and changes nothing) when a listed currency would lose its rate. */
    public synchronized void replaceExchangeRates(ExchangeRates rates) {
        PriceBook book = build(bundled, refreshed, custom, Objects.requireNonNull(rates, "rates"));
        this.exchangeRates = rates;
        current.replace(book, clock.instant());
    }

    private PriceBook build(PriceData bundled, PriceData refreshed, PriceData custom, ExchangeRates rates) {
        PriceData all = bundled.overlaidWith(refreshed).overlaidWith(custom);
        return new PriceBook(new InstanceCatalog(all.entries()), all.rateCards(), all.discounts(), rates, policy, clock);
    }
}
