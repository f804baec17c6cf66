package dev.krr.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.krr.contracts.Moneys;
import dev.krr.pricing.adapter.in.grpc.GrpcServerLifecycle;
import dev.krr.pricing.adapter.out.custom.CustomPricingFileWatcher;
import dev.krr.pricing.adapter.out.feed.ProviderFeedRefresher;
import dev.krr.pricing.app.CatalogStatus;
import dev.krr.pricing.v1.GetInstancePriceRequest;
import dev.krr.pricing.v1.InstanceKey;
import dev.krr.pricing.v1.InstancePrice;
import dev.krr.pricing.v1.PricingServiceGrpc;
import dev.krr.testsupport.FreePorts;
import dev.krr.types.v1.CapacityType;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reloadable sources of a running service: a custom pricing file edited on disk, and an Azure
 * Retail Prices feed served by a real HTTP server on loopback (the real eastus sample) that later
 * fails. Each failure keeps the last good prices and shows in health and metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PricingReloadIT {

    @TempDir
    static Path dir;

    private static HttpServer feedServer;
    private static final AtomicInteger feedStatus = new AtomicInteger(200);
    private static ConfigurableApplicationContext context;
    private static ManagedChannel channel;
    private static PricingServiceGrpc.PricingServiceBlockingStub stub;
    private static Path customFile;
    private static int httpPort;

    @BeforeAll
    static void start() throws IOException {
        byte[] azure;
        try (InputStream in = PricingReloadIT.class.getClassLoader()
                .getResourceAsStream("fixtures/azure-retail-prices-eastus-Standard_D2s_v3-nofilter-preview.json")) {
            azure = in.readAllBytes();
        }
        feedServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        feedServer.createContext("/api/retail/prices", exchange -> {
            int status = feedStatus.get();
            byte[] body = status == 200 ? azure : "{\"error\":\"unavailable\"}".getBytes();
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        feedServer.start();

        customFile = dir.resolve("prices.yaml");
        Files.writeString(customFile, """
                instances:
                  - provider: onprem
                    region: dc1
                    instanceType: big-box
                    onDemandPerHour: 1.20
                    vcpu: 64
                    memoryGib: 512
                """);
        int grpcPort = FreePorts.next();
        httpPort = FreePorts.next();
        context = PricingApplication.builder().properties(
                "krr.pricing.grpc.port=" + grpcPort, "krr.pricing.grpc.address=127.0.0.1", "server.port=" + httpPort,
                "krr.pricing.custom.file=" + customFile, "krr.pricing.custom.poll-interval=100ms",
                "krr.pricing.refresh.enabled=true", "krr.pricing.refresh.initial-delay=1h",
                "krr.pricing.refresh.feeds[0].name=azure-eastus", "krr.pricing.refresh.feeds[0].format=azure-retail",
                "krr.pricing.refresh.feeds[0].url=http://127.0.0.1:" + feedServer.getAddress().getPort() + "/api/retail/prices",
                "resilience4j.retry.configs.default.wait-duration=10ms").run();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", context.getBean(GrpcServerLifecycle.class).port()).usePlaintext().build();
        stub = PricingServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        context.close();
        feedServer.stop(0);
    }

    private static InstancePrice price(String provider, String region, String type, CapacityType capacity) {
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS).getInstancePrice(GetInstancePriceRequest.newBuilder().setInstance(
                InstanceKey.newBuilder().setProvider(provider).setRegion(region).setInstanceType(type).setCapacityType(capacity)).build());
    }

    @Test
    @Order(1)
    void customFileIsServedAndReloadedAndABadEditKeepsTheLastGoodPrices() throws Exception {
        InstancePrice box = price("onprem", "dc1", "big-box", CapacityType.CAPACITY_TYPE_ON_DEMAND);
        assertThat(Moneys.toBigDecimal(box.getHourly())).isEqualByComparingTo("1.20");
        assertThat(box.getProvenance().getSource()).isEqualTo("custom:prices.yaml");

        Files.writeString(customFile, """
                instances:
                  - provider: onprem
                    region: dc1
                    instanceType: big-box
                    onDemandPerHour: lots
                """);
        CatalogStatus status = context.getBean(CatalogStatus.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> status.get(CustomPricingFileWatcher.SOURCE).map(s -> !s.healthy()).orElse(false));
        assertThat(status.get(CustomPricingFileWatcher.SOURCE).orElseThrow().lastErrors())
                .containsExactly("line 2: on_demand_per_hour: 'lots' is not a number",
                        "line 2: price_per_hour (or on_demand_per_hour / spot_per_hour): an instance needs a price");
        assertThat(Moneys.toBigDecimal(price("onprem", "dc1", "big-box", CapacityType.CAPACITY_TYPE_ON_DEMAND).getHourly()))
                .isEqualByComparingTo("1.20");
        assertThat(get("/actuator/health")).contains("\"degraded\":true").contains("is not a number");

        Files.writeString(customFile, """
                instances:
                  - {provider: onprem, region: dc1, instanceType: big-box, onDemandPerHour: 1.35}
                """);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Moneys.toBigDecimal(price("onprem", "dc1", "big-box", CapacityType.CAPACITY_TYPE_ON_DEMAND).getHourly())
                        .compareTo(new java.math.BigDecimal("1.35")) == 0);
        assertThat(status.get(CustomPricingFileWatcher.SOURCE).orElseThrow().healthy()).isTrue();
    }

    @Test
    @Order(2)
    void providerFeedReplacesBundledPricesAndAFailingFeedKeepsThem() throws Exception {
        // bundled Azure data has no spot price: estimated from on-demand
        assertThat(price("azure", "eastus", "Standard_D2s_v3", CapacityType.CAPACITY_TYPE_SPOT).getProvenance().getEstimated()).isTrue();

        ProviderFeedRefresher refresher = context.getBean(ProviderFeedRefresher.class);
        assertThat(refresher.refreshNow()).isEmpty();
        InstancePrice spot = price("azure", "eastus", "Standard_D2s_v3", CapacityType.CAPACITY_TYPE_SPOT);
        assertThat(Moneys.toBigDecimal(spot.getHourly())).isEqualByComparingTo("0.018816");
        assertThat(spot.getProvenance().getEstimated()).isFalse();
        assertThat(spot.getProvenance().getSource()).startsWith("azure-retail-prices:");

        feedStatus.set(503);
        assertThat(refresher.refreshNow()).containsExactly("azure-eastus");
        assertThat(Moneys.toBigDecimal(price("azure", "eastus", "Standard_D2s_v3", CapacityType.CAPACITY_TYPE_SPOT).getHourly()))
                .isEqualByComparingTo("0.018816");
        String health = get("/actuator/health");
        assertThat(health).contains("feed:azure-eastus").contains("HTTP 503").contains("\"status\":\"UP\"");
        String metrics = get("/actuator/prometheus");
        assertThat(metrics).contains("krr_pricing_source_loads_total{result=\"failure\",source=\"feed:azure-eastus\"} 1.0")
                .contains("krr_pricing_source_consecutive_failures{source=\"feed:azure-eastus\"} 1.0")
                .contains("resilience4j_circuitbreaker")
                .contains("grpc_server_calls_seconds_count");
    }

    private static String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
