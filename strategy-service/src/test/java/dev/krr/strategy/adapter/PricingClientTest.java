package dev.krr.strategy.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.strategy.adapter.out.grpc.PricingClient;
import dev.krr.strategy.app.NodePricingService;
import dev.krr.strategy.app.NodeRatesLookup;
import dev.krr.strategy.app.NodeRatesSink;
import dev.krr.strategy.domain.model.CapacityType;
import dev.krr.strategy.domain.model.NodeShape;
import dev.krr.strategy.domain.model.PricedNode;
import dev.krr.strategy.support.FixedRatesPricingServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC pricing client against a real gRPC server on loopback: mapping, retries, circuit breaker, pending nodes. */
class PricingClientTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final NodeShape ON_DEMAND = new NodeShape("c1", "n1", "aws", "us-east-1", "m5.xlarge", CapacityType.ON_DEMAND,
            "linux", 4, 16, 0, "");
    private static final NodeShape SPOT = new NodeShape("c1", "n2", "aws", "us-east-1", "m5.xlarge", CapacityType.SPOT, "linux", 4,
            16, 0, "");
    private static final NodeShape UNKNOWN = new NodeShape("c1", "n3", "aws", "us-east-1", "unknown-type", CapacityType.ON_DEMAND,
            "linux", 2, 4, 0, "");

    private FixedRatesPricingServer server;
    private ManagedChannel channel;
    private CircuitBreaker breaker;
    private PricingClient client;

    @BeforeEach
    void start() {
        server = new FixedRatesPricingServer();
        channel = ManagedChannelBuilder.forTarget(server.address()).usePlaintext().build();
        Retry retry = Retry.of("pricing", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10))
                .retryOnException(PricingClient::transientFailure).build());
        breaker = CircuitBreaker.of("pricing", CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(4)
                .failureRateThreshold(50).waitDurationInOpenState(Duration.ofMinutes(10))
                .recordException(PricingClient::transientFailure).build());
        client = new PricingClient(channel, Duration.ofSeconds(5), "", retry, breaker, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow();
        server.close();
    }

    @Test
    void mapsRatesAndItemErrors() {
        List<NodeRatesLookup.Result> results = client.lookup(List.of(ON_DEMAND, SPOT, UNKNOWN));
        assertThat(results).hasSize(3);
        PricedNode od = results.get(0).priced();
        assertThat(od.currency()).isEqualTo("USD");
        assertThat(od.cpuPerVcpuHour()).isEqualByComparingTo("0.031611");
        assertThat(od.memoryPerGibHour()).isEqualByComparingTo("0.004237");
        // 4 × 0.031611 + 16 × 0.004237 = 0.126444 + 0.067792 = 0.194236
        assertThat(od.nodePerHour()).isEqualByComparingTo(new BigDecimal("0.194236"));
        assertThat(od.source()).isEqualTo("test:fixed");
        assertThat(od.pricedAt()).isEqualTo(NOW);
        assertThat(results.get(1).priced().cpuPerVcpuHour()).isEqualByComparingTo("0.009483");
        assertThat(results.get(2).priced()).isNull();
        assertThat(results.get(2).error()).startsWith("NOT_FOUND");
    }

    @Test
    void retriesTransientFailures() {
        server.failNext(2);
        assertThat(client.lookup(List.of(ON_DEMAND))).hasSize(1);
        assertThat(server.calls()).isEqualTo(3);
    }

    @Test
    void circuitOpensWhenPricingKeepsFailingAndStopsCalling() {
        server.failNext(1000);
        assertThatThrownBy(() -> client.lookup(List.of(ON_DEMAND))).isInstanceOf(NodeRatesLookup.PricingUnavailableException.class)
                .hasMessageContaining("UNAVAILABLE");
        assertThatThrownBy(() -> client.lookup(List.of(ON_DEMAND))).isInstanceOf(NodeRatesLookup.PricingUnavailableException.class);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int calls = server.calls();
        assertThatThrownBy(() -> client.lookup(List.of(ON_DEMAND))).hasMessageContaining("circuit breaker 'pricing' is open");
        assertThat(server.calls()).isEqualTo(calls);
    }

    @Test
    void nodesWaitPendingWhilePricingIsDownAndArePricedWhenItReturns() {
        List<PricedNode> published = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        NodePricingService service = new NodePricingService(client, new NodeRatesSink() {
            @Override
            public void publish(PricedNode node) {
                published.add(node);
            }

            @Override
            public void delete(String cluster, String node) {
                deleted.add(cluster + "/" + node);
            }
        }, 500);
        server.failNext(3);
        service.onNodes(List.of(ON_DEMAND, SPOT));
        assertThat(published).isEmpty();
        assertThat(service.pendingCount()).isEqualTo(2);
        service.retryPending();
        assertThat(service.pendingCount()).isZero();
        assertThat(published).extracting(p -> p.node().name()).containsExactly("n1", "n2");
        service.onNodeDeleted("c1", "n1");
        assertThat(deleted).containsExactly("c1/n1");
        // 3 failed + 1 good call in a window of 4 is a 75% failure rate: the breaker is open now, so the
        // periodic re-pricing does not reach the server and keeps the remaining node pending
        int calls = server.calls();
        service.repriceAll();
        assertThat(server.calls()).isEqualTo(calls);
        assertThat(service.pendingCount()).isEqualTo(1);
        assertThat(published).hasSize(2);
    }
}
