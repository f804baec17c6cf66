package dev.krr.collector.adapter.out.prometheus;

import dev.krr.collector.config.CollectorProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;

/**
 * A client for the Prometheus HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}) that
 * Prometheus, Thanos, VictoriaMetrics and Mimir all serve, with a path prefix, bearer token (or
 * token file, re-read on each call so rotated service-account tokens work), basic auth, extra
 * headers and a custom CA or disabled verification.
 *
 * <p>Every call passes, from the outside in: retry (timeouts, 5xx, 429, truncated bodies; with
 * exponential backoff) → circuit breaker → rate limiter → bulkhead → HTTP. A permanent failure
 * (4xx, an HTML page, a query error) is not retried, does not open the breaker, and is logged at
 * ERROR once per distinct message.
 */
public class PrometheusClient {

    private static final Logger log = LoggerFactory.getLogger(PrometheusClient.class);

    /** Connection settings derived from {@link CollectorProperties.Prometheus}. */
    public record Settings(String baseUrl, Map<String, String> headers, String bearerToken, Path bearerTokenFile,
            Duration timeout, SSLContext sslContext) {

        public Settings {
            while (baseUrl.endsWith("/")) {
                baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
            }
            headers = Map.copyOf(headers);
        }

        public static Settings from(CollectorProperties.Prometheus p) {
            Map<String, String> headers = new LinkedHashMap<>(p.headers());
            if (p.username() != null && !p.username().isBlank()) {
                String pair = p.username() + ":" + (p.password() == null ? "" : p.password());
                headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            return new Settings(p.url(), headers, p.bearerToken(), p.bearerTokenFile() == null || p.bearerTokenFile().isBlank()
                    ? null : Path.of(p.bearerTokenFile()), p.timeout(), ssl(p));
        }

        private static SSLContext ssl(CollectorProperties.Prometheus p) {
            try {
                if (p.insecureSkipTlsVerify()) {
                    SSLContext ctx = SSLContext.getInstance("TLS");
                    ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
                    return ctx;
                }
                if (p.caFile() != null && !p.caFile().isBlank()) {
                    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                    ks.load(null, null);
                    try (InputStream in = Files.newInputStream(Path.of(p.caFile()))) {
                        int i = 0;
                        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                            ks.setCertificateEntry("ca-" + i++, c);
                        }
                    }
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                    tmf.init(ks);
                    SSLContext ctx = SSLContext.getInstance("TLS");
                    ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
                    return ctx;
                }
                return SSLContext.getDefault();
            } catch (Exception e) {
                throw new IllegalArgumentException("krr.collector.prometheus TLS settings are unusable (ca-file '" + p.caFile()
                        + "'): " + e.getMessage(), e);
            }
        }
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AtomicLong queries = new AtomicLong();

    public PrometheusClient(Settings settings, RateLimiter rateLimiter, Bulkhead bulkhead, Retry retry, CircuitBreaker circuitBreaker) {
        this.settings = settings;
        this.rateLimiter = rateLimiter;
        this.bulkhead = bulkhead;
        this.retry = retry;
        this.circuitBreaker = circuitBreaker;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(settings.sslContext())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** HTTP requests sent (each attempt counts), for benchmarks and the status endpoint. */
    public long queriesSent() {
        return queries.get();
    }

    /** A range query evaluated at {@code start, start+step, ... <= end}. */
    public List<PrometheusSeries> queryRange(String promql, Instant start, Instant end, Duration step) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", promql);
        form.put("start", seconds(start));
        form.put("end", seconds(end));
        form.put("step", String.valueOf(step.toMillis() / 1000.0));
        form.put("timeout", settings.timeout().toSeconds() + "s");
        return call("/api/v1/query_range", form, (in, type) -> PrometheusResponseParser.parse(in));
    }

    /** An instant query at {@code time}. */
    public List<PrometheusSeries> query(String promql, Instant time) {
        return call("/api/v1/query", instant(promql, time), (in, type) -> PrometheusResponseParser.parse(in));
    }

    /**
     * An instant query at {@code time} whose series are streamed into {@code visitor} point by point
     * (for raw samples of a range selector, {@code metric[24h]}, which can be millions of points).
     * After a transient failure the retry streams the whole answer again: the visitor must accept
     * the same points twice.
     */
    void queryStreaming(String promql, Instant time, PrometheusResponseParser.SeriesVisitor visitor) {
        call("/api/v1/query", instant(promql, time), (in, type) -> {
            PrometheusResponseParser.stream(in, visitor);
            return null;
        });
    }

    /**
     * Raw samples of the series matching {@code matchers} over {@code [startMs, endMs]} through the
     * remote-read API, streamed as the TSDB's own chunks (see {@link RemoteReadProtocol}), into
     * {@code visitor}. A server that does not answer with streamed chunks (an API without remote
     * read, a proxy, an old version) fails with a {@link PrometheusException.Permanent} that is not
     * logged here: the caller decides whether to fall back to the query API. As for
     * {@link #queryStreaming}, a retry visits the same points again.
     */
    void remoteRead(long startMs, long endMs, List<RemoteReadProtocol.Matcher> matchers, PrometheusResponseParser.SeriesVisitor visitor) {
        byte[] body;
        try {
            body = RemoteReadProtocol.request(startMs, endMs, matchers);
        } catch (IOException e) {
            throw new PrometheusException.Permanent("cannot encode a remote-read request: " + e.getMessage(), 0, e);
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofByteArray(body);
        Map<String, String> headers = Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
                "X-Prometheus-Remote-Read-Version", "0.1.0", "Accept", "application/x-streamed-protobuf");
        call("/api/v1/read", () -> publisher, headers, false, (in, type) -> {
            if (!type.startsWith("application/x-streamed-protobuf")) {
                throw new PrometheusException.Permanent("Prometheus /api/v1/read answered '" + type
                        + "' instead of streamed chunks (remote read not offered by this server)", 200, null);
            }
            RemoteReadProtocol.readStream(in, visitor);
            return null;
        });
    }

    private Map<String, String> instant(String promql, Instant time) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", promql);
        form.put("time", seconds(time));
        form.put("timeout", settings.timeout().toSeconds() + "s");
        return form;
    }

    /** Reads a successful response body of the given content type. */
    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream body, String contentType) throws IOException;
    }

    private <T> T call(String path, Map<String, String> form, BodyReader<T> reader) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        String encoded = body.toString();
        return call(path, () -> HttpRequest.BodyPublishers.ofString(encoded),
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"), true, (in, type) -> {
                    if (!type.isEmpty() && !type.contains("json")) {
                        throw new PrometheusException.Permanent("Prometheus " + path + " answered with '" + type
                                + "' instead of JSON (a login page or a proxy?): " + snippet(in), 200, null);
                    }
                    return reader.read(in, type);
                });
    }

    private <T> T call(String path, Supplier<HttpRequest.BodyPublisher> body, Map<String, String> headers, boolean logPermanent,
            BodyReader<T> reader) {
        Supplier<T> attempt = () -> send(path, body.get(), headers, reader);
        Supplier<T> guarded = Retry.decorateSupplier(retry,
                CircuitBreaker.decorateSupplier(circuitBreaker,
                        RateLimiter.decorateSupplier(rateLimiter, Bulkhead.decorateSupplier(bulkhead, attempt))));
        try {
            return guarded.get();
        } catch (PrometheusException e) {
            if (logPermanent && !e.retryable() && reported.add(e.getMessage())) {
                log.error("Prometheus at {} refused a query and it will not be retried: {}", settings.baseUrl(), e.getMessage());
            }
            throw e;
        }
    }

    private <T> T send(String path, HttpRequest.BodyPublisher body, Map<String, String> headers, BodyReader<T> reader) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.timeout().plusSeconds(5))
                .POST(body);
        headers.forEach(req::header);
        settings.headers().forEach(req::header);
        String token = token();
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        queries.incrementAndGet();
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new PrometheusException.Transient("Prometheus " + path + " timed out after " + settings.timeout(), 0, e);
        } catch (IOException e) {
            throw new PrometheusException.Transient("Prometheus " + path + " unreachable: " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException.Permanent("interrupted while querying Prometheus", 0, e);
        }
        int status = resp.statusCode();
        try (InputStream in = resp.body()) {
            if (status == 429 || status >= 500) {
                throw new PrometheusException.Transient("Prometheus " + path + " answered HTTP " + status + ": " + snippet(in), status, null);
            }
            if (status >= 400 && status != 422 && status != 400) {
                throw new PrometheusException.Permanent("Prometheus " + path + " answered HTTP " + status + " (check url, path prefix and credentials): "
                        + snippet(in), status, null);
            }
            String type = resp.headers().firstValue("Content-Type").orElse("");
            return reader.read(in, type);
        } catch (UnexpectedEndOfInputException | JacksonIOException e) {
            throw new PrometheusException.Transient("Prometheus " + path + " response was cut off: " + e.getOriginalMessage(), status, e);
        } catch (JacksonException e) {
            if (String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
                throw new PrometheusException.Transient("Prometheus " + path + " response was cut off: " + e.getOriginalMessage(), status, e);
            }
            throw new PrometheusException.Permanent("Prometheus " + path + " response is not valid JSON: " + e.getOriginalMessage(), status, e);
        } catch (IOException e) {
            throw new PrometheusException.Transient("Prometheus " + path + " response could not be read: " + e, status, e);
        }
    }

    private String token() {
        if (settings.bearerTokenFile() != null) {
            try {
                return Files.readString(settings.bearerTokenFile()).trim();
            } catch (IOException e) {
                throw new PrometheusException.Permanent("cannot read krr.collector.prometheus.bearer-token-file "
                        + settings.bearerTokenFile() + ": " + e.getMessage(), 0, e);
            }
        }
        return settings.bearerToken() == null || settings.bearerToken().isBlank() ? null : settings.bearerToken();
    }

    private static String snippet(InputStream in) throws IOException {
        byte[] b = in.readNBytes(300);
        return new String(b, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
    }

    private static String seconds(Instant t) {
        return String.valueOf(t.toEpochMilli() / 1000.0);
    }
}
