package dev.krr.pricing.bench;

import dev.krr.pricing.adapter.out.catalog.BundledCatalogReader;
import dev.krr.pricing.adapter.out.catalog.EcbRatesParser;
import dev.krr.pricing.app.PriceLayers;
import dev.krr.pricing.domain.PricingPolicy;
import java.time.Clock;

/** The production price book (bundled catalog, bundled ECB rates, OpenCost defaults) for benchmarks. */
final class BenchmarkFixture {

    private BenchmarkFixture() {
    }

    static PriceLayers layers() {
        return new PriceLayers(new BundledCatalogReader().read(),
                EcbRatesParser.parse(BenchmarkFixture.class.getClassLoader().getResourceAsStream("catalog/ecb-eurofxref-daily.xml"), "ECB"),
                PricingPolicy.openCostDefaults(), Clock.systemUTC());
    }
}
