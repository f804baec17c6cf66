package dev.krr.strategy.adapter.in.kafka;

import dev.krr.contracts.Moneys;
import dev.krr.events.v1.NodeRates;
import dev.krr.strategy.domain.model.CapacityType;
import dev.krr.strategy.domain.model.NodeRate;
import dev.krr.types.v1.Money;
import java.math.BigDecimal;
import java.time.Instant;

/** Turns {@link NodeRates} from the rates table into a domain {@link NodeRate}. */
public final class NodeRatesMapper {

    private NodeRatesMapper() {
    }

    public static NodeRate toDomain(NodeRates r) {
        String currency = r.getCpuPerVcpuHour().getCurrencyCode();
        if (!r.hasCpuPerVcpuHour() || !r.hasMemoryPerGibHour()) {
            throw new IllegalArgumentException("node rates of " + r.getNode() + " lack cpu_per_vcpu_hour or memory_per_gib_hour");
        }
        if (!currency.equals(r.getMemoryPerGibHour().getCurrencyCode())) {
            throw new IllegalArgumentException("node rates of " + r.getNode() + " mix currencies " + currency + " and "
                    + r.getMemoryPerGibHour().getCurrencyCode());
        }
        Instant pricedAt = r.hasPricedAt() ? Instant.ofEpochSecond(r.getPricedAt().getSeconds(), r.getPricedAt().getNanos()) : null;
        return new NodeRate(r.getNode(), currency, amount(r.getCpuPerVcpuHour()), amount(r.getMemoryPerGibHour()),
                capacity(r.getCapacityType()), r.getProvenance().getSource(), r.getProvenance().getEffectiveDate(),
                r.getProvenance().getEstimated(), r.getProvenance().getStale(), pricedAt);
    }

    private static BigDecimal amount(Money m) {
        return Moneys.toBigDecimal(m);
    }

    public static CapacityType capacity(dev.krr.types.v1.CapacityType t) {
        return switch (t) {
            case CAPACITY_TYPE_ON_DEMAND -> CapacityType.ON_DEMAND;
            case CAPACITY_TYPE_SPOT -> CapacityType.SPOT;
            case CAPACITY_TYPE_PREEMPTIBLE -> CapacityType.PREEMPTIBLE;
            case CAPACITY_TYPE_RESERVED -> CapacityType.RESERVED;
            default -> CapacityType.UNKNOWN;
        };
    }
}
