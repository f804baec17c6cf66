package dev.krr.pricing.config;

import dev.krr.pricing.adapter.in.grpc.GrpcMetricsInterceptor;
import dev.krr.pricing.adapter.in.grpc.GrpcServerLifecycle;
import dev.krr.pricing.adapter.in.grpc.GrpcTlsCredentials;
import dev.krr.pricing.adapter.in.grpc.PricingGrpcService;
import dev.krr.pricing.adapter.out.catalog.BundledCatalogReader;
import dev.krr.pricing.adapter.out.catalog.EcbRatesParser;
import dev.krr.pricing.adapter.in.web.PricingCatalogHealthIndicator;
import dev.krr.pricing.adapter.in.web.PricingCatalogMetrics;
import dev.krr.pricing.adapter.out.custom.CustomPricingFileWatcher;
import dev.krr.pricing.adapter.out.feed.ProviderFeedRefresher;
import dev.krr.pricing.app.CatalogStatus;
import dev.krr.pricing.app.CurrentPriceBook;
import dev.krr.pricing.app.PriceLayers;
import dev.krr.pricing.domain.ExchangeRates;
import dev.krr.pricing.domain.PricingPolicy;
import dev.krr.pricing.domain.ResourceRates;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the price book (bundled catalog + exchange rates + policy), its reloadable sources (custom
 * file, provider feeds), health and metrics, and the gRPC server (plaintext, or TLS from reloaded
 * PEM files when {@code krr.pricing.grpc.tls.enabled}).
 */
@Configuration(proxyBeanMethods = false)
public class PricingConfiguration {

    static final String BUNDLED_RATES = "catalog/ecb-eurofxref-daily.xml";

    private static final Logger log = LoggerFactory.getLogger(PricingConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PricingPolicy pricingPolicy(PricingProperties properties) {
        PricingProperties.Defaults d = properties.defaults();
        return new PricingPolicy(properties.currency().defaultCurrency(),
                new ResourceRates(d.cpuPerVcpuHour(), d.memoryPerGibHour(), Optional.of(d.gpuPerHour()), d.currency()),
                new ResourceRates(d.spotCpuPerVcpuHour(), d.spotMemoryPerGibHour(), Optional.of(d.spotGpuPerHour()), d.currency()),
                d.spotToOnDemandRatio(), properties.catalog().maxAge(), properties.currency().ratesMaxAge());
    }

    @Bean
    PriceLayers priceLayers(PricingProperties properties, PricingPolicy policy, Clock clock) {
        long started = System.nanoTime();
        ExchangeRates rates = exchangeRates(properties.currency().ratesFile());
        for (String currency : List.of(policy.defaultCurrency(), policy.defaultOnDemandRates().currency())) {
            if (!rates.knows(currency)) {
                throw new IllegalStateException("krr.pricing.currency: no exchange rate for " + currency + " in " + rates.source());
            }
        }
        PriceLayers layers = new PriceLayers(new BundledCatalogReader().read(), rates, policy, clock);
        log.info("price catalog loaded: {} instance types of {} in {} ms; exchange rates {} of {}",
                layers.current().get().catalog().size(), layers.current().get().catalog().providers(),
                (System.nanoTime() - started) / 1_000_000, rates.source(), rates.date());
        return layers;
    }

    @Bean
    CurrentPriceBook currentPriceBook(PriceLayers layers) {
        return layers.current();
    }

    @Bean
    CatalogStatus catalogStatus() {
        return new CatalogStatus();
    }

    @Bean
    @ConditionalOnExpression("'${krr.pricing.custom.file:}' != ''")
    CustomPricingFileWatcher customPricingFileWatcher(PricingProperties properties, PriceLayers layers, CatalogStatus status, Clock clock) {
        return new CustomPricingFileWatcher(Path.of(properties.custom().file()), properties.custom().pollInterval(), layers, status, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "krr.pricing.refresh.enabled", havingValue = "true")
    ProviderFeedRefresher providerFeedRefresher(PricingProperties properties, PriceLayers layers, CatalogStatus status,
                                                CircuitBreakerRegistry circuitBreakers, RetryRegistry retries, Clock clock) {
        PricingProperties.Refresh refresh = properties.refresh();
        return new ProviderFeedRefresher(feeds(refresh), refresh.interval(), refresh.initialDelay(), refresh.timeout(),
                refresh.maxPages(), layers, status, circuitBreakers, retries, clock);
    }

    @Bean
    PricingCatalogHealthIndicator pricingCatalogHealthIndicator(CurrentPriceBook book, CatalogStatus status) {
        return new PricingCatalogHealthIndicator(book, status);
    }

    @Bean
    PricingCatalogMetrics pricingCatalogMetrics(CurrentPriceBook book, CatalogStatus status, PricingProperties properties) {
        List<String> sources = new ArrayList<>();
        if (!properties.custom().file().isBlank()) {
            sources.add(CustomPricingFileWatcher.SOURCE);
        }
        if (properties.refresh().enabled()) {
            feeds(properties.refresh()).forEach(feed -> sources.add(ProviderFeedRefresher.sourceName(feed)));
        }
        return new PricingCatalogMetrics(book, status, sources);
    }

    private static List<ProviderFeedRefresher.Feed> feeds(PricingProperties.Refresh refresh) {
        return refresh.feeds().stream().map(f -> new ProviderFeedRefresher.Feed(f.name(), f.format(), f.url())).toList();
    }

    @Bean
    PricingGrpcService pricingGrpcService(CurrentPriceBook book, PricingProperties properties) {
        PricingProperties.Api api = properties.api();
        return new PricingGrpcService(book, api.maxBatchSize(), api.defaultPageSize(), api.maxPageSize());
    }

    @Bean
    GrpcMetricsInterceptor grpcMetricsInterceptor(MeterRegistry registry) {
        return new GrpcMetricsInterceptor(registry);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "krr.pricing.grpc.tls.enabled", havingValue = "true")
    GrpcTlsCredentials grpcTlsCredentials(PricingProperties properties, MeterRegistry registry) {
        PricingProperties.Tls tls = properties.grpc().tls();
        String prefix = "krr.pricing.grpc.tls.";
        GrpcTlsCredentials credentials = new GrpcTlsCredentials(new GrpcTlsCredentials.TlsFiles(
                Path.of(tls.certificateChain()), prefix + "certificate-chain", Path.of(tls.privateKey()), prefix + "private-key",
                tls.clientCa().isBlank() ? Optional.empty() : Optional.of(Path.of(tls.clientCa())), prefix + "client-ca"),
                tls.clientAuth(), tls.refreshInterval());
        Gauge.builder("krr.pricing.grpc.tls.certificate.expiry", credentials, c -> c.servedCertificateNotAfter().getEpochSecond())
                .description("when the gRPC server's certificate expires (Unix time)").baseUnit("seconds").register(registry);
        FunctionCounter.builder("krr.pricing.grpc.tls.reloads", credentials, GrpcTlsCredentials::reloads)
                .description("rotated TLS files taken into use without a restart").register(registry);
        return credentials;
    }

    @Bean
    GrpcServerLifecycle grpcServerLifecycle(PricingProperties properties, PricingGrpcService pricing, GrpcMetricsInterceptor metrics,
                                            ObjectProvider<GrpcTlsCredentials> tls) {
        PricingProperties.Grpc grpc = properties.grpc();
        GrpcTlsCredentials credentials = tls.getIfAvailable();
        if (credentials == null) {
            return new GrpcServerLifecycle(grpc.address(), grpc.port(), grpc.maxInboundMessageBytes(), grpc.shutdownGrace(),
                    List.of(pricing), List.of(metrics));
        }
        return new GrpcServerLifecycle(grpc.address(), grpc.port(), grpc.maxInboundMessageBytes(), grpc.shutdownGrace(),
                List.of(pricing), List.of(metrics), credentials.serverCredentials(), credentials.describe());
    }

    static ExchangeRates exchangeRates(String ratesFile) {
        if (ratesFile == null || ratesFile.isBlank()) {
            try (InputStream in = PricingConfiguration.class.getClassLoader().getResourceAsStream(BUNDLED_RATES)) {
                if (in == null) {
                    throw new IllegalStateException(BUNDLED_RATES + " is missing from the classpath");
                }
                return EcbRatesParser.parse(in, "bundled ECB eurofxref-daily");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path path = Path.of(ratesFile);
        try (InputStream in = Files.newInputStream(path)) {
            return EcbRatesParser.parse(in, "ECB rates file " + path.getFileName());
        } catch (IOException e) {
            throw new IllegalStateException("krr.pricing.currency.rates-file: cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
