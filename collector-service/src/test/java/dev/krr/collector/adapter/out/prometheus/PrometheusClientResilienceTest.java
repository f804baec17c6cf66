package dev.krr.collector.adapter.out.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus client's guards against a real HTTP server on loopback that answers what a
 * sick or misconfigured Prometheus (or the proxy in front of it) answers.
 */
class PrometheusClientResilienceTest {

    private static final String OK = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":{\"namespace\":\"shop\",\"pod\":\"p\",\"container\":\"c\"},\"values\":[[1700000060,\"0.25\"],[1700000120,\"NaN\"],[1700000180,\"+Inf\"]]}]}}";

    private record Reply(int status, String contentType, String body) {
    }

    private HttpServer server;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        requestHeaders.add(Map.copyOf(ex.getRequestHeaders()));
        paths.add(ex.getRequestURI().getPath());
        ex.getRequestBody().readAllBytes();
        Reply r = replies.isEmpty() ? new Reply(200, "application/json", OK) : replies.poll();
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", r.contentType());
        ex.sendResponseHeaders(r.status(), body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private String url(String prefix) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    private PrometheusClient client(Map<String, String> headers, String token, CircuitBreaker breaker) throws Exception {
        Retry retry = Retry.of("t", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(5))
                .retryExceptions(PrometheusException.Transient.class).build());
        return new PrometheusClient(new PrometheusClient.Settings(url("/prom/"), headers, token, null, Duration.ofSeconds(5),
                SSLContext.getDefault()), RateLimiter.ofDefaults("t"), Bulkhead.ofDefaults("t"), retry, breaker);
    }

    private PrometheusClient client() throws Exception {
        return client(Map.of(), null, CircuitBreaker.ofDefaults("t"));
    }

    private List<PrometheusSeries> range(PrometheusClient c) {
        return c.queryRange("up", Instant.ofEpochSecond(1700000060), Instant.ofEpochSecond(1700000180), Duration.ofMinutes(1));
    }

    @Test
    void sendsPathPrefixTokenAndHeadersAndParsesNaNAndInf() throws Exception {
        List<PrometheusSeries> series = range(client(Map.of("X-Scope-OrgID", "team-a"), "s3cret", CircuitBreaker.ofDefaults("t")));
        assertThat(paths).containsExactly("/prom/api/v1/query_range");
        assertThat(requestHeaders.get(0).get("Authorization")).containsExactly("Bearer s3cret");
        assertThat(requestHeaders.get(0).get("X-scope-orgid")).containsExactly("team-a");
        assertThat(series).hasSize(1);
        assertThat(series.get(0).values()[0]).isEqualTo(0.25);
        assertThat(series.get(0).values()[1]).isNaN();
        assertThat(series.get(0).values()[2]).isInfinite();
        assertThat(series.get(0).timestampsMillis()).containsExactly(1700000060000L, 1700000120000L, 1700000180000L);
    }

    @Test
    void retries5xxAnd429ThenSucceeds() throws Exception {
        replies.add(new Reply(503, "text/plain", "overloaded"));
        replies.add(new Reply(429, "text/plain", "slow down"));
        PrometheusClient c = client();
        assertThat(range(c)).hasSize(1);
        assertThat(c.queriesSent()).isEqualTo(3);
    }

    @Test
    void aTruncatedBodyIsRetried() throws Exception {
        replies.add(new Reply(200, "application/json", OK.substring(0, 90)));
        PrometheusClient c = client();
        assertThat(range(c)).hasSize(1);
        assertThat(c.queriesSent()).isEqualTo(2);
    }

    @Test
    void badCredentialsAreNotRetried() throws Exception {
        replies.add(new Reply(401, "text/plain", "Unauthorized"));
        PrometheusClient c = client();
        assertThatThrownBy(() -> range(c)).isInstanceOf(PrometheusException.Permanent.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("credentials");
        assertThat(c.queriesSent()).isEqualTo(1);
    }

    @Test
    void anHtmlPageIsNotMistakenForData() throws Exception {
        replies.add(new Reply(200, "text/html", "<html><body>Please log in</body></html>"));
        PrometheusClient c = client();
        assertThatThrownBy(() -> range(c)).isInstanceOf(PrometheusException.Permanent.class)
                .hasMessageContaining("instead of JSON").hasMessageContaining("Please log in");
        assertThat(c.queriesSent()).isEqualTo(1);
    }

    @Test
    void aBadQueryIsReportedWithPrometheusOwnError() throws Exception {
        replies.add(new Reply(400, "application/json",
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unexpected end of input\"}"));
        PrometheusClient c = client();
        assertThatThrownBy(() -> range(c)).isInstanceOf(PrometheusException.Permanent.class)
                .hasMessageContaining("bad_data").hasMessageContaining("parse error");
        assertThat(c.queriesSent()).isEqualTo(1);
    }

    @Test
    void theCircuitBreakerOpensOnRepeated5xxAndStopsCalling() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("t", CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(4)
                .failureRateThreshold(50).waitDurationInOpenState(Duration.ofMinutes(5))
                .recordExceptions(PrometheusException.Transient.class).build());
        for (int i = 0; i < 12; i++) {
            replies.add(new Reply(500, "text/plain", "boom"));
        }
        PrometheusClient c = client(Map.of(), null, breaker);
        assertThatThrownBy(() -> range(c)).isInstanceOf(PrometheusException.Transient.class);
        assertThatThrownBy(() -> range(c)).isInstanceOf(CallNotPermittedException.class);
        long sent = c.queriesSent();
        assertThatThrownBy(() -> range(c)).isInstanceOf(CallNotPermittedException.class);
        assertThat(c.queriesSent()).isEqualTo(sent);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
