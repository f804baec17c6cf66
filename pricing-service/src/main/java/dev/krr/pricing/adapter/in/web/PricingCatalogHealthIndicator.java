package dev.krr.pricing.adapter.in.web;

import dev.krr.pricing.app.CatalogStatus;
import dev.krr.pricing.app.CurrentPriceBook;
import dev.krr.pricing.domain.PriceBook;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health} component {@code pricingCatalog}: what the service answers from (size,
 * providers, version, load time, exchange-rate date) and how each reloadable source fared. A
 * failed reload leaves the service UP — it still answers from the last good catalog — with
 * {@code degraded: true} and the errors in the details.
 */
public final class PricingCatalogHealthIndicator implements HealthIndicator {

    private final CurrentPriceBook priceBook;
    private final CatalogStatus status;

    public PricingCatalogHealthIndicator(CurrentPriceBook priceBook, CatalogStatus status) {
        this.priceBook = priceBook;
        this.status = status;
    }

    @Override
    public Health health() {
        CurrentPriceBook.Snapshot snapshot = priceBook.snapshot();
        PriceBook book = snapshot.book();
        Map<String, Object> sources = new LinkedHashMap<>();
        boolean degraded = false;
        for (Map.Entry<String, CatalogStatus.SourceStatus> entry : status.all().entrySet()) {
            CatalogStatus.SourceStatus s = entry.getValue();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("healthy", s.healthy());
            s.lastSuccess().ifPresent(t -> detail.put("lastSuccess", t.toString()));
            s.lastFailure().ifPresent(t -> detail.put("lastFailure", t.toString()));
            detail.put("items", s.items());
            if (!s.healthy()) {
                detail.put("consecutiveFailures", s.consecutiveFailures());
                detail.put("errors", s.lastErrors());
                degraded = true;
            }
            sources.put(entry.getKey(), detail);
        }
        return Health.up()
                .withDetail("instanceTypes", book.catalog().size())
                .withDetail("providers", book.catalog().providers())
                .withDetail("version", snapshot.version())
                .withDetail("loadedAt", snapshot.loadedAt().toString())
                .withDetail("exchangeRates", book.exchangeRates().source() + " " + book.exchangeRates().date())
                .withDetail("degraded", degraded)
                .withDetail("sources", sources)
                .build();
    }
}
