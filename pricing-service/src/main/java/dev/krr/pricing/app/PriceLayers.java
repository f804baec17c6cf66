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
    private PriceData bundled;
    private PriceData refreshed = PriceData.empty();
    private PriceData custom = PriceData.empty();
    private ExchangeRates exchangeRates;

    public PriceLayers(PriceData bundled, ExchangeRates exchangeRates, PricingPolicy policy, Clock clock) {
        this.bundled = Objects.requireNonNull(bundled, "bundled");
        this.exchangeRates = Objects.requireNonNull(exchangeRates, "exchangeRates");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = new CurrentPriceBook(build(), clock.instant());
    }

    public CurrentPriceBook current() {
        return current;
    }

    public synchronized void replaceCustom(PriceData data) {
        this.custom = Objects.requireNonNull(data, "data");
        current.replace(build(), clock.instant());
    }

    public synchronized void replaceRefreshed(PriceData data) {
        this.refreshed = Objects.requireNonNull(data, "data");
        current.replace(build(), clock.instant());
    }

    public synchronized void replaceExchangeRates(ExchangeRates rates) {
        this.exchangeRates = Objects.requireNonNull(rates, "rates");
        current.replace(build(), clock.instant());
    }

    private PriceBook build() {
        PriceData all = bundled.overlaidWith(refreshed).overlaidWith(custom);
        return new PriceBook(new InstanceCatalog(all.entries()), all.rateCards(), all.discounts(), exchangeRates, policy, clock);
    }
}
