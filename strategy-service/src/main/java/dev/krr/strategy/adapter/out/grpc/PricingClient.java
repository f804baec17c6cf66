package dev.krr.strategy.adapter.out.grpc;

import dev.krr.contracts.Moneys;
import dev.krr.pricing.v1.BatchGetNodeRatesRequest;
import dev.krr.pricing.v1.BatchGetNodeRatesResponse;
import dev.krr.pricing.v1.GetNodeRatesRequest;
import dev.krr.pricing.v1.InstanceKey;
import dev.krr.pricing.v1.InstanceShape;
import dev.krr.pricing.v1.NodeRatesAnswer;
import dev.krr.pricing.v1.NodeRatesResult;
import dev.krr.pricing.v1.PricingServiceGrpc;
import dev.krr.strategy.app.NodeRatesLookup;
import dev.krr.strategy.domain.model.NodeShape;
import dev.krr.strategy.domain.model.PricedNode;
import dev.krr.types.v1.CapacityType;
import dev.krr.types.v1.Money;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls {@code PricingService.BatchGetNodeRates} with a deadline per attempt, retries transient
 * failures (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED) and stops calling for a
 * while through a circuit breaker when the service keeps failing; either way the caller gets a
 * {@link PricingUnavailableException} and keeps the nodes pending.
 */
public final class PricingClient implements NodeRatesLookup {

    private final PricingServiceGrpc.PricingServiceBlockingStub stub;
    private final Duration timeout;
    private final String currency;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final Clock clock;

    public PricingClient(Channel channel, Duration timeout, String currency, Retry retry, CircuitBreaker circuitBreaker, Clock clock) {
        this.stub = PricingServiceGrpc.newBlockingStub(channel);
        this.timeout = timeout;
        this.currency = currency;
        this.retry = retry;
        this.circuitBreaker = circuitBreaker;
        this.clock = clock;
    }

    /** gRPC statuses worth another attempt. */
    public static boolean transientFailure(Throwable t) {
        if (t instanceof StatusRuntimeException e) {
            Status.Code c = e.getStatus().getCode();
            return c == Status.Code.UNAVAILABLE || c == Status.Code.DEADLINE_EXCEEDED || c == Status.Code.RESOURCE_EXHAUSTED
                    || c == Status.Code.ABORTED;
        }
        return false;
    }

    @Override
    public List<Result> lookup(List<NodeShape> nodes) {
        BatchGetNodeRatesRequest.Builder request = BatchGetNodeRatesRequest.newBuilder();
        nodes.forEach(n -> request.addRequests(request(n)));
        BatchGetNodeRatesRequest built = request.build();
        Supplier<BatchGetNodeRatesResponse> call = () -> stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .batchGetNodeRates(built);
        BatchGetNodeRatesResponse response;
        try {
            response = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(circuitBreaker, call)).get();
        } catch (CallNotPermittedException e) {
            throw new PricingUnavailableException("circuit breaker '" + circuitBreaker.getName() + "' is open", e);
        } catch (StatusRuntimeException e) {
            throw new PricingUnavailableException("BatchGetNodeRates failed: " + e.getStatus(), e);
        }
        if (response.getResultsCount() != nodes.size()) {
            throw new PricingUnavailableException("BatchGetNodeRates answered " + response.getResultsCount() + " results for "
                    + nodes.size() + " requests", null);
        }
        List<Result> results = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            NodeShape node = nodes.get(i);
            NodeRatesResult r = response.getResults(i);
            if (r.hasRates()) {
                results.add(new Result(node, priced(node, r.getRates()), null));
            } else {
                results.add(new Result(node, null, r.getError().getCode() + ": " + r.getError().getMessage()));
            }
        }
        return results;
    }

    private GetNodeRatesRequest request(NodeShape n) {
        return GetNodeRatesRequest.newBuilder()
                .setInstance(InstanceKey.newBuilder().setProvider(n.provider()).setRegion(n.region())
                        .setInstanceType(n.instanceType()).setCapacityType(capacity(n)).setOs(n.os()))
                .setCurrency(currency)
                .setNodeShape(InstanceShape.newBuilder().setVcpu(n.vcpu()).setMemoryGib(n.memoryGib())
                        .setGpuCount(n.gpuCount()).setGpuModel(n.gpuModel()))
                .build();
    }

    private static CapacityType capacity(NodeShape n) {
        return switch (n.capacityType()) {
            case ON_DEMAND -> CapacityType.CAPACITY_TYPE_ON_DEMAND;
            case SPOT -> CapacityType.CAPACITY_TYPE_SPOT;
            case PREEMPTIBLE -> CapacityType.CAPACITY_TYPE_PREEMPTIBLE;
            case RESERVED -> CapacityType.CAPACITY_TYPE_RESERVED;
            case UNKNOWN -> CapacityType.CAPACITY_TYPE_UNSPECIFIED;
        };
    }

    private PricedNode priced(NodeShape node, NodeRatesAnswer a) {
        String cur = a.getCpuPerVcpuHour().getCurrencyCode();
        return new PricedNode(node, cur, amount(a.getNodePerHour()), amount(a.getCpuPerVcpuHour()), amount(a.getMemoryPerGibHour()),
                a.hasGpuPerHour() ? amount(a.getGpuPerHour()) : null, a.getProvenance().getSource(),
                a.getProvenance().getEffectiveDate(), a.getProvenance().getEstimated(), a.getProvenance().getEstimationBasis(),
                a.getProvenance().getStale(), clock.instant());
    }

    private static BigDecimal amount(Money m) {
        return Moneys.toBigDecimal(m);
    }
}
