package dev.krr.pricing.adapter.out.feed;

import dev.krr.pricing.adapter.out.catalog.EcbRatesParser;
import dev.krr.pricing.app.CatalogStatus;
import dev.krr.pricing.app.PriceLayers;
import dev.krr.pricing.domain.ExchangeRates;
import dev.krr.pricing.domain.PriceData;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Refreshes prices from the providers' own price APIs on a schedule. Each feed is fetched over
 * HTTP through a resilience4j retry and circuit breaker named {@code pricing-feed-<name>}, parsed,
 * and — only when the whole feed (all its pages) succeeded — replaces that feed's previous data in
 * the refreshed layer. A failing feed keeps its last good data; the failure shows in
 * {@link CatalogStatus} (health and metrics) and in the circuit breaker's own metrics.
 */
public final class ProviderFeedRefresher implements SmartLifecycle {

    /** A configured feed. */
    public record Feed(String name, FeedFormat format, URI url) {
    }

    private static final Logger log = LoggerFactory.getLogger(ProviderFeedRefresher.class);

    private final List<Feed> feeds;
    private final Duration interval;
    private final Duration initialDelay;
    private final Duration timeout;
    private final int maxPages;
    private final PriceLayers layers;
    private final CatalogStatus status;
    private final CircuitBreakerRegistry circuitBreakers;
    private final RetryRegistry retries;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, PriceData> lastGood = new LinkedHashMap<>();
    private ScheduledExecutorService executor;

    public ProviderFeedRefresher(List<Feed> feeds, Duration interval, Duration initialDelay, Duration timeout, int maxPages,
                                 PriceLayers layers, CatalogStatus status, CircuitBreakerRegistry circuitBreakers,
                                 RetryRegistry retries, Clock clock) {
        this.feeds = List.copyOf(feeds);
        this.interval = interval;
        this.initialDelay = initialDelay;
        this.timeout = timeout;
        this.maxPages = maxPages;
        this.layers = layers;
        this.status = status;
        this.circuitBreakers = circuitBreakers;
        this.retries = retries;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public static String sourceName(Feed feed) {
        return "feed:" + feed.name();
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pricing-feed-refresh");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::refreshQuietly, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    private void refreshQuietly() {
        try {
            refreshNow();
        } catch (RuntimeException e) {
            log.error("price feed refresh failed", e);
        }
    }

    /** Fetches every feed once; returns the names of the feeds that failed. */
    public synchronized List<String> refreshNow() {
        List<String> failed = new ArrayList<>();
        boolean pricesChanged = false;
        for (Feed feed : feeds) {
            try {
                if (feed.format() == FeedFormat.ECB_RATES) {
                    ExchangeRates rates = guarded(feed, () -> EcbRatesParser.parse(
                            new ByteArrayInputStream(fetch(feed.url()).getBytes(StandardCharsets.UTF_8)), sourceName(feed)));
                    layers.replaceExchangeRates(rates);
                    status.succeeded(sourceName(feed), clock.instant(), rates.currencies().size());
                } else {
                    PriceData data = guarded(feed, () -> fetchAll(feed));
                    lastGood.put(feed.name(), data);
                    pricesChanged = true;
                    status.succeeded(sourceName(feed), clock.instant(), data.entries().size() + data.rateCards().size());
                }
            } catch (RuntimeException e) {
                failed.add(feed.name());
                String reason = e instanceof CallNotPermittedException ? "circuit breaker open, not called" : e.getMessage();
                status.failed(sourceName(feed), clock.instant(), List.of(String.valueOf(reason)));
                log.warn("price feed {} failed, its last good prices keep serving: {}", feed.name(), reason);
            }
        }
        if (pricesChanged) {
            PriceData merged = PriceData.empty();
            for (PriceData data : lastGood.values()) {
                merged = merged.overlaidWith(data);
            }
            layers.replaceRefreshed(merged);
        }
        return failed;
    }

    private <T> T guarded(Feed feed, Supplier<T> call) {
        CircuitBreaker breaker = circuitBreakers.circuitBreaker("pricing-feed-" + feed.name());
        Retry retry = retries.retry("pricing-feed-" + feed.name());
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call)).get();
    }

    private PriceData fetchAll(Feed feed) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        PriceData data = PriceData.empty();
        Optional<URI> next = Optional.of(feed.url());
        int pages = 0;
        while (next.isPresent()) {
            if (++pages > maxPages) {
                throw new IllegalStateException(feed.name() + ": more than " + maxPages + " pages (krr.pricing.refresh.max-pages)");
            }
            URI url = next.get();
            String body = fetch(url);
            FeedPage page = switch (feed.format()) {
                case AWS_OFFER -> AwsOfferParser.parse(body, feed.name());
                case AZURE_RETAIL -> AzureRetailParser.parse(body, feed.name());
                case GCP_SKUS -> GcpSkuParser.parse(body, feed.name(), today);
                case ECB_RATES -> throw new IllegalStateException("ECB rates are not a price feed");
            };
            data = data.overlaidWith(page.data());
            next = nextPage(feed, url, page, body);
        }
        return data;
    }

    private Optional<URI> nextPage(Feed feed, URI current, FeedPage page, String body) {
        if (feed.format() == FeedFormat.AZURE_RETAIL && page.nextPageLink().isPresent()) {
            URI link = URI.create(page.nextPageLink().get().replace(" ", "%20"));
            if (!feed.url().getHost().equalsIgnoreCase(link.getHost())) {
                throw new IllegalStateException(feed.name() + ": NextPageLink points to another host (" + link.getHost() + ")");
            }
            return Optional.of(link);
        }
        if (feed.format() == FeedFormat.GCP_SKUS) {
            String token = FeedJson.text(FeedJson.read(body, feed.name()), "nextPageToken");
            if (!token.isEmpty()) {
                String query = current.getRawQuery() == null ? "" : current.getRawQuery().replaceAll("(^|&)pageToken=[^&]*", "");
                String joined = (query.isEmpty() ? "" : query + "&") + "pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
                return Optional.of(URI.create(current.getScheme() + "://" + current.getRawAuthority() + current.getRawPath() + "?" + joined));
            }
        }
        return Optional.empty();
    }

    private String fetch(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json, application/xml").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("GET " + url.getHost() + url.getPath() + " answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url.getHost() + url.getPath() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
