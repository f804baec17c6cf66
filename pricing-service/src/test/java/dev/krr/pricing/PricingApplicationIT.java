package dev.krr.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Moneys;
import dev.krr.pricing.adapter.in.grpc.GrpcServerLifecycle;
import dev.krr.pricing.v1.BatchGetNodeRatesRequest;
import dev.krr.pricing.v1.BatchGetNodeRatesResponse;
import dev.krr.pricing.v1.GetNodeRatesRequest;
import dev.krr.pricing.v1.InstanceKey;
import dev.krr.pricing.v1.NodeRatesAnswer;
import dev.krr.pricing.v1.PricingServiceGrpc;
import dev.krr.testsupport.FreePorts;
import dev.krr.types.v1.CapacityType;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the service the way {@code krr up} and the end-to-end test do — {@code
 * PricingApplication.builder()} with free gRPC and HTTP ports — and asks for the demo cluster's
 * node rates over a real TCP connection.
 */
class PricingApplicationIT {

    private static ConfigurableApplicationContext context;
    private static ManagedChannel channel;
    private static int httpPort;

    @BeforeAll
    static void start() {
        int grpcPort = FreePorts.next();
        httpPort = FreePorts.next();
        context = PricingApplication.builder()
                .properties("krr.pricing.grpc.port=" + grpcPort, "server.port=" + httpPort, "krr.pricing.grpc.address=127.0.0.1")
                .run();
        assertThat(context.getBean(GrpcServerLifecycle.class).port()).isEqualTo(grpcPort);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        context.close();
    }

    @Test
    void demoNodesAnswerWithRealCatalogPrices() {
        BatchGetNodeRatesResponse response = PricingServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .batchGetNodeRates(BatchGetNodeRatesRequest.newBuilder()
                        .addRequests(node("aws", "us-east-1", "m5.large", CapacityType.CAPACITY_TYPE_ON_DEMAND))
                        .addRequests(node("aws", "us-east-1", "m5.xlarge", CapacityType.CAPACITY_TYPE_ON_DEMAND))
                        .addRequests(node("aws", "us-east-1", "m5.2xlarge", CapacityType.CAPACITY_TYPE_SPOT))
                        .addRequests(node("aws", "us-east-1", "c5.2xlarge", CapacityType.CAPACITY_TYPE_SPOT))
                        .addRequests(node("aws", "us-east-1", "r5.xlarge", CapacityType.CAPACITY_TYPE_ON_DEMAND))
                        .addRequests(node("gcp", "us-central1", "e2-standard-4", CapacityType.CAPACITY_TYPE_ON_DEMAND))
                        .build());

        assertThat(response.getResultsList()).hasSize(6).allMatch(r -> r.hasRates());
        // instance-prices.csv: m5.large 0.096, m5.xlarge 0.192, m5.2xlarge spot 0.14976, c5.2xlarge spot 0.1428,
        // r5.xlarge 0.252, e2-standard-4 0.13402284 (USD/h)
        assertThat(nodePrice(response.getResults(0).getRates())).isEqualByComparingTo("0.096");
        assertThat(nodePrice(response.getResults(1).getRates())).isEqualByComparingTo("0.192");
        assertThat(nodePrice(response.getResults(2).getRates())).isEqualByComparingTo("0.14976");
        assertThat(nodePrice(response.getResults(3).getRates())).isEqualByComparingTo("0.1428");
        assertThat(nodePrice(response.getResults(4).getRates())).isEqualByComparingTo("0.252");
        assertThat(nodePrice(response.getResults(5).getRates())).isEqualByComparingTo("0.13402284");
        NodeRatesAnswer m5 = response.getResults(0).getRates();
        assertThat(m5.getNodePriceListed()).isTrue();
        assertThat(m5.getProvenance().getSource()).contains("karpenter-provider-aws");
        assertThat(m5.getProvenance().getEffectiveDate()).isEqualTo("2026-07-20");
        assertThat(m5.getCpuPerVcpuHour().getCurrencyCode()).isEqualTo("USD");
        // ratio split (RatioSplitEstimatorTest): 2 × cpu + 8 × memory gives the node price back within nanos
        BigDecimal total = Moneys.toBigDecimal(m5.getCpuPerVcpuHour()).multiply(BigDecimal.valueOf(2))
                .add(Moneys.toBigDecimal(m5.getMemoryPerGibHour()).multiply(BigDecimal.valueOf(8)));
        assertThat(total).isCloseTo(new BigDecimal("0.096"), org.assertj.core.data.Offset.offset(new BigDecimal("0.00000001")));
    }

    @Test
    void healthServiceSaysServingAndActuatorIsUp() throws Exception {
        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("krr.pricing.v1.PricingService").build());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        HttpResponse<String> actuator = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(actuator.statusCode()).isEqualTo(200);
    }

    private static GetNodeRatesRequest node(String provider, String region, String type, CapacityType capacity) {
        return GetNodeRatesRequest.newBuilder().setInstance(InstanceKey.newBuilder()
                .setProvider(provider).setRegion(region).setInstanceType(type).setCapacityType(capacity)).build();
    }

    private static BigDecimal nodePrice(NodeRatesAnswer answer) {
        return Moneys.toBigDecimal(answer.getNodePerHour());
    }
}
