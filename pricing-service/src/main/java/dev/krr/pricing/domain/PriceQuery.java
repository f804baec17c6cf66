package dev.krr.pricing.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What a caller wants priced: a provider's instance type in a region bought as a capacity type,
 * optionally with the node's own shape (for types the catalog does not know) and the currency of
 * the answer. An empty instance type is allowed for rate questions about an on-prem node whose
 * shape is given.
 */
public record PriceQuery(
        String provider,
        String region,
        String instanceType,
        CapacityType capacityType,
        OperatingSystem os,
        Optional<InstanceShape> nodeShape,
        Optional<String> currency) {

    public PriceQuery {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(capacityType, "capacityType");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(nodeShape, "nodeShape");
        Objects.requireNonNull(currency, "currency");
    }

    public static PriceQuery onDemand(String provider, String region, String instanceType) {
        return new PriceQuery(provider, region, instanceType, CapacityType.ON_DEMAND, OperatingSystem.LINUX,
                Optional.empty(), Optional.empty());
    }

    public PriceQuery withCapacity(CapacityType capacity) {
        return new PriceQuery(provider, region, instanceType, capacity, os, nodeShape, currency);
    }

    public PriceQuery withShape(InstanceShape shape) {
        return new PriceQuery(provider, region, instanceType, capacityType, os, Optional.of(shape), currency);
    }

    public PriceQuery withCurrency(String code) {
        return new PriceQuery(provider, region, instanceType, capacityType, os, nodeShape, Optional.of(code));
    }

    public PriceQuery withOs(OperatingSystem system) {
        return new PriceQuery(provider, region, instanceType, capacityType, system, nodeShape, currency);
    }
}
