package dev.krr.pricing.adapter.in.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.contracts.Moneys;
import dev.krr.pricing.adapter.out.catalog.BundledCatalogReader;
import dev.krr.pricing.adapter.out.catalog.EcbRatesParser;
import dev.krr.pricing.app.PriceLayers;
import dev.krr.pricing.domain.ExchangeRates;
import dev.krr.pricing.domain.PricingPolicy;
import dev.krr.pricing.v1.BatchGetInstancePricesRequest;
import dev.krr.pricing.v1.BatchGetInstancePricesResponse;
import dev.krr.pricing.v1.BatchGetNodeRatesRequest;
import dev.krr.pricing.v1.GetInstancePriceRequest;
import dev.krr.pricing.v1.GetNodeRatesRequest;
import dev.krr.pricing.v1.InstanceKey;
import dev.krr.pricing.v1.InstancePrice;
import dev.krr.pricing.v1.InstanceShape;
import dev.krr.pricing.v1.InstanceTypeListing;
import dev.krr.pricing.v1.ListInstanceTypesRequest;
import dev.krr.pricing.v1.ListInstanceTypesResponse;
import dev.krr.pricing.v1.NodeRatesAnswer;
import dev.krr.pricing.v1.PricingServiceGrpc;
import dev.krr.types.v1.CapacityType;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gRPC API over the real bundled catalog, in-process. */
class PricingGrpcServiceTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    private static PricingGrpcService service;
    private static SimpleMeterRegistry meters;
    private static Server server;
    private static ManagedChannel channel;
    private static PricingServiceGrpc.PricingServiceBlockingStub stub;

    @BeforeAll
    static void start() throws IOException {
        ExchangeRates rates = EcbRatesParser.parse(
                PricingGrpcServiceTest.class.getClassLoader().getResourceAsStream("fixtures/ecb-eurofxref-daily-2018-06-11.xml"), "ECB");
        PriceLayers layers = new PriceLayers(new BundledCatalogReader().read(), rates, PricingPolicy.openCostDefaults(), NOW);
        service = new PricingGrpcService(layers.current(), 100, 1000, 5000);
        meters = new SimpleMeterRegistry();
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(service, new GrpcMetricsInterceptor(meters))).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = PricingServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static InstanceKey key(String provider, String region, String type) {
        return InstanceKey.newBuilder().setProvider(provider).setRegion(region).setInstanceType(type).build();
    }

    private static GetInstancePriceRequest price(InstanceKey key) {
        return GetInstancePriceRequest.newBuilder().setInstance(key).build();
    }

    @Test
    void answersAListedPriceWithProvenance() {
        InstancePrice price = stub.getInstancePrice(price(key("gcp", "us-central1", "e2-standard-4")));

        assertThat(Moneys.toBigDecimal(price.getHourly())).isEqualByComparingTo("0.13402284");
        assertThat(price.getHourly().getCurrencyCode()).isEqualTo("USD");
        assertThat(price.getShape().getVcpu()).isEqualTo(4.0);
        assertThat(price.getShape().getMemoryGib()).isEqualTo(16.0);
        assertThat(price.getProvenance().getSource()).startsWith("bundled:Cyclenerd/google-cloud-pricing-cost-calculator");
        assertThat(price.getProvenance().getEffectiveDate()).isEqualTo("2026-07-30");
        assertThat(price.getProvenance().getEstimated()).isFalse();
        assertThat(price.getInstance().getInstanceType()).isEqualTo("e2-standard-4");
    }

    @Test
    void convertsAlibabaYuanIntoTheRequestedCurrency() {
        // 1.630795 CNY × 0.88180 GBP/EUR / 7.5518 CNY/EUR = 0.1904228172… GBP (ECB 2018-06-11), 9 decimals on the wire
        InstancePrice price = stub.getInstancePrice(price(key("alibaba", "cn-hangzhou", "ecs.c7.2xlarge")).toBuilder().setCurrency("GBP").build());

        assertThat(price.getHourly().getCurrencyCode()).isEqualTo("GBP");
        assertThat(Moneys.toBigDecimal(price.getHourly())).isEqualByComparingTo("0.190422817");
        assertThat(price.getProvenance().getStale()).as("2018 exchange rates are older than 7 days").isTrue();
        assertThat(price.getProvenance().getCaveatsList()).anyMatch(c -> c.contains("CNY"));
    }

    @Test
    void malformedFieldsAreInvalidArgumentNamingTheField() {
        assertInvalid(() -> stub.getInstancePrice(GetInstancePriceRequest.getDefaultInstance()), "instance: is required");
        assertInvalid(() -> stub.getInstancePrice(price(key("", "us-east-1", "m5.large"))), "instance.provider: must not be empty");
        assertInvalid(() -> stub.getInstancePrice(price(key("aws", " ", "m5.large"))), "instance.region: must not be empty");
        assertInvalid(() -> stub.getInstancePrice(price(key("aws", "us-east-1", "m5 large"))), "instance.instance_type: 'm5 large'");
        assertInvalid(() -> stub.getInstancePrice(price(key("aws", "us-east-1", "m5.large").toBuilder().setOs("beos").build())),
                "instance.os: must be 'linux' or 'windows'");
        assertInvalid(() -> stub.getInstancePrice(price(key("aws", "us-east-1", "m5.large").toBuilder().setCapacityTypeValue(42).build())),
                "instance.capacity_type: unknown value 42");
        assertInvalid(() -> stub.getInstancePrice(price(key("aws", "us-east-1", "m5.large")).toBuilder().setCurrency("usd").build()),
                "currency: must be an ISO 4217 code");
        assertInvalid(() -> stub.getInstancePrice(price(key("aws", "us-east-1", "m5.large")).toBuilder().setCurrency("XAU").build()),
                "currency: no exchange rate for 'XAU'");
        assertInvalid(() -> stub.getNodeRates(GetNodeRatesRequest.newBuilder().setInstance(key("onprem", "dc1", ""))
                .setNodeShape(InstanceShape.newBuilder().setVcpu(-1)).build()), "node_shape.vcpu: must be a finite number >= 0");
        assertInvalid(() -> stub.listInstanceTypes(ListInstanceTypesRequest.newBuilder().setProvider("aws").setPageSize(5001).build()),
                "page_size: must be between 0");
        assertInvalid(() -> stub.listInstanceTypes(ListInstanceTypesRequest.newBuilder().setProvider("aws").setPageToken("bogus").build()),
                "page_token: not a token this service issued");
        BatchGetNodeRatesRequest.Builder tooMany = BatchGetNodeRatesRequest.newBuilder();
        for (int i = 0; i < 101; i++) {
            tooMany.addRequests(GetNodeRatesRequest.newBuilder().setInstance(key("aws", "us-east-1", "m5.large")));
        }
        assertInvalid(() -> stub.batchGetNodeRates(tooMany.build()), "requests: at most 100 items per call, got 101");
    }

    @Test
    void unknownInstanceWithoutShapeIsNotFoundButWithShapeIsEstimated() {
        assertThatThrownBy(() -> stub.getInstancePrice(price(key("aws", "us-east-1", "m5.96xlarge"))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("aws/us-east-1/m5.96xlarge");
                });
        NodeRatesAnswer rates = stub.getNodeRates(GetNodeRatesRequest.newBuilder().setInstance(key("aws", "us-east-1", "m5.96xlarge"))
                .setNodeShape(InstanceShape.newBuilder().setVcpu(384).setMemoryGib(1536)).build());
        assertThat(rates.getProvenance().getEstimated()).isTrue();
        assertThat(rates.getProvenance().getEstimationBasis()).contains("m5 family in aws us-east-1");
        assertThat(rates.getNodePriceListed()).isFalse();
        // every m5 size is a multiple of m5.large's 0.096 per (2 vCPU, 8 GiB), so 384 vCPU = 192 × 0.096 = 18.432
        assertThat(Moneys.toBigDecimal(rates.getNodePerHour())).isEqualByComparingTo("18.432");
    }

    @Test
    void batchItemsFailIndividually() {
        BatchGetInstancePricesResponse response = stub.batchGetInstancePrices(BatchGetInstancePricesRequest.newBuilder()
                .addRequests(price(key("aws", "us-east-1", "m5.large")))
                .addRequests(price(key("aws", "", "m5.large")))
                .addRequests(price(key("aws", "us-east-1", "nope.large")))
                .addRequests(price(key("azure", "westeurope", "Standard_D2s_v3").toBuilder().setCapacityType(CapacityType.CAPACITY_TYPE_SPOT).build()))
                .build());

        assertThat(response.getResultsCount()).isEqualTo(4);
        assertThat(Moneys.toBigDecimal(response.getResults(0).getPrice().getHourly())).isEqualByComparingTo("0.096");
        assertThat(response.getResults(1).getError().getCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(response.getResults(1).getError().getMessage()).isEqualTo("requests[1].instance.region: must not be empty");
        assertThat(response.getResults(2).getError().getCode()).isEqualTo("NOT_FOUND");
        InstancePrice azureSpot = response.getResults(3).getPrice();
        assertThat(azureSpot.getProvenance().getEstimated()).as("the bundled Azure data has no spot prices").isTrue();
        assertThat(azureSpot.getProvenance().getEstimationBasis()).contains("no spot price listed");
    }

    @Test
    void listsARegionPageByPageWithoutRepeatsOrGaps() {
        Set<String> seen = new HashSet<>();
        List<InstanceTypeListing> all = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListInstanceTypesResponse page = stub.listInstanceTypes(ListInstanceTypesRequest.newBuilder()
                    .setProvider("azure").setRegion("eastus").setPageSize(500).setPageToken(token).build());
            all.addAll(page.getInstanceTypesList());
            page.getInstanceTypesList().forEach(t -> assertThat(seen.add(t.getInstanceType())).isTrue());
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());

        // instance-prices.csv has 1,331 azure eastus rows: pages of 500, 500, 331
        assertThat(pages).isEqualTo(3);
        assertThat(all).hasSize(1331);
        InstanceTypeListing d2s = all.stream().filter(t -> t.getInstanceType().equals("Standard_D2s_v3")).findFirst().orElseThrow();
        assertThat(Moneys.toBigDecimal(d2s.getOnDemandHourly())).isEqualByComparingTo("0.096");
        assertThat(d2s.hasSpotHourly()).isFalse();
    }

    @Test
    void aBatchWhoseDeadlineHasPassedStopsWithDeadlineExceeded() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicReference<Throwable> error = new AtomicReference<>();
            AtomicReference<Object> answer = new AtomicReference<>();
            Context.CancellableContext expired = Context.current().withDeadlineAfter(-1, TimeUnit.MILLISECONDS, scheduler);
            expired.run(() -> service.batchGetNodeRates(BatchGetNodeRatesRequest.newBuilder()
                    .addRequests(GetNodeRatesRequest.newBuilder().setInstance(key("aws", "us-east-1", "m5.large"))).build(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(dev.krr.pricing.v1.BatchGetNodeRatesResponse value) {
                            answer.set(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            error.set(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    }));
            assertThat(answer.get()).isNull();
            assertThat(Status.fromThrowable(error.get()).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void callsAreCountedPerMethodAndStatus() {
        stub.getInstancePrice(price(key("aws", "us-east-1", "m5.large")));
        assertThatThrownBy(() -> stub.getInstancePrice(price(key("aws", "us-east-1", "nope.large")))).isInstanceOf(StatusRuntimeException.class);

        assertThat(meters.get("grpc.server.calls").tag("method", "GetInstancePrice").tag("status", "OK").timer().count()).isPositive();
        assertThat(meters.get("grpc.server.calls").tag("method", "GetInstancePrice").tag("status", "NOT_FOUND").timer().count()).isPositive();
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    @Test
    void moneyIsExactOnTheWire() {
        // 0.13402284 = 0 units + 134022840 nanos: no binary floating point in between
        InstancePrice price = stub.getInstancePrice(price(key("gcp", "us-central1", "e2-standard-4")));
        assertThat(price.getHourly().getUnits()).isZero();
        assertThat(price.getHourly().getNanos()).isEqualTo(134_022_840);
        assertThat(Moneys.toBigDecimal(price.getHourly())).isEqualTo(new BigDecimal("0.134022840"));
    }
}
