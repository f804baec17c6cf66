package dev.krr.pricing.adapter.in.web;

import dev.krr.pricing.app.CatalogStatus;
import dev.krr.pricing.app.CurrentPriceBook;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * Catalog metrics: {@code krr.pricing.catalog.instance.types}, {@code krr.pricing.catalog.version}
 * (counts reloads), and per reloadable source {@code krr.pricing.source.loads{result=success|failure}}
 * and {@code krr.pricing.source.consecutive.failures} — alert on the latter staying above 0.
 */
public final class PricingCatalogMetrics implements MeterBinder {

    private final CurrentPriceBook priceBook;
    private final CatalogStatus status;
    private final List<String> sources;

    public PricingCatalogMetrics(CurrentPriceBook priceBook, CatalogStatus status, List<String> sources) {
        this.priceBook = priceBook;
        this.status = status;
        this.sources = List.copyOf(sources);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("krr.pricing.catalog.instance.types", priceBook, b -> b.get().catalog().size())
                .description("instance types the service answers from").register(registry);
        Gauge.builder("krr.pricing.catalog.version", priceBook, b -> b.snapshot().version())
                .description("price book version, +1 per successful reload").register(registry);
        for (String source : sources) {
            FunctionCounter.builder("krr.pricing.source.loads", status, s -> s.get(source).map(CatalogStatus.SourceStatus::successes).orElse(0L))
                    .tag("source", source).tag("result", "success").register(registry);
            FunctionCounter.builder("krr.pricing.source.loads", status, s -> s.get(source).map(CatalogStatus.SourceStatus::failures).orElse(0L))
                    .tag("source", source).tag("result", "failure").register(registry);
            Gauge.builder("krr.pricing.source.consecutive.failures", status,
                            s -> s.get(source).map(CatalogStatus.SourceStatus::consecutiveFailures).orElse(0))
                    .tag("source", source).description("failed loads since the last success").register(registry);
        }
    }
}
