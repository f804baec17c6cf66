package dev.krr.strategy.support;

import dev.krr.contracts.Moneys;
import dev.krr.pricing.v1.BatchGetNodeRatesRequest;
import dev.krr.pricing.v1.BatchGetNodeRatesResponse;
import dev.krr.pricing.v1.GetNodeRatesRequest;
import dev.krr.pricing.v1.ItemError;
import dev.krr.pricing.v1.NodeRatesAnswer;
import dev.krr.pricing.v1.NodeRatesResult;
import dev.krr.pricing.v1.PricingServiceGrpc;
import dev.krr.types.v1.CapacityType;
import dev.krr.types.v1.PriceProvenance;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC server on a free loopback port serving {@code BatchGetNodeRates} with fixed, known
 * rates: on-demand $0.031611/vCPU-h and $0.004237/GiB-h, spot $0.009483 and $0.001271, USD.
 * Instance type "unknown-type" gets an item error. {@link #failNext(int)} makes the next calls
 * fail with UNAVAILABLE, to exercise retries and the circuit breaker.
 */
public final class FixedRatesPricingServer implements AutoCloseable {

    public static final BigDecimal CPU_ON_DEMAND = new BigDecimal("0.031611");
    public static final BigDecimal MEM_ON_DEMAND = new BigDecimal("0.004237");
    public static final BigDecimal CPU_SPOT = new BigDecimal("0.009483");
    public static final BigDecimal MEM_SPOT = new BigDecimal("0.001271");

    private final Server server;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    public FixedRatesPricingServer() {
        this(InsecureServerCredentials.create());
    }

    /** The same server with the given transport credentials (e.g. {@code TlsServerCredentials}). */
    public FixedRatesPricingServer(ServerCredentials credentials) {
        try {
            server = Grpc.newServerBuilderForPort(0, credentials).addService(new Impl()).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String address() {
        return "localhost:" + port();
    }

    public int calls() {
        return calls.get();
    }

    public void failNext(int n) {
        failuresLeft.set(n);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Impl extends PricingServiceGrpc.PricingServiceImplBase {
        @Override
        public void batchGetNodeRates(BatchGetNodeRatesRequest request, StreamObserver<BatchGetNodeRatesResponse> out) {
            calls.incrementAndGet();
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                out.onError(Status.UNAVAILABLE.withDescription("test: pricing down").asRuntimeException());
                return;
            }
            BatchGetNodeRatesResponse.Builder b = BatchGetNodeRatesResponse.newBuilder();
            for (GetNodeRatesRequest r : request.getRequestsList()) {
                if ("unknown-type".equals(r.getInstance().getInstanceType())) {
                    b.addResults(NodeRatesResult.newBuilder().setError(ItemError.newBuilder().setCode("NOT_FOUND")
                            .setMessage("instance type unknown-type not in catalog")));
                    continue;
                }
                boolean spot = r.getInstance().getCapacityType() == CapacityType.CAPACITY_TYPE_SPOT;
                BigDecimal cpu = spot ? CPU_SPOT : CPU_ON_DEMAND;
                BigDecimal mem = spot ? MEM_SPOT : MEM_ON_DEMAND;
                BigDecimal node = cpu.multiply(BigDecimal.valueOf(r.getNodeShape().getVcpu()))
                        .add(mem.multiply(BigDecimal.valueOf(r.getNodeShape().getMemoryGib())));
                b.addResults(NodeRatesResult.newBuilder().setRates(NodeRatesAnswer.newBuilder()
                        .setInstance(r.getInstance())
                        .setNodePerHour(Moneys.of(node, "USD"))
                        .setCpuPerVcpuHour(Moneys.of(cpu, "USD"))
                        .setMemoryPerGibHour(Moneys.of(mem, "USD"))
                        .setShape(r.getNodeShape())
                        .setProvenance(PriceProvenance.newBuilder().setSource("test:fixed").setEffectiveDate("2026-11-01"))));
            }
            out.onNext(b.build());
            out.onCompleted();
        }
    }
}
