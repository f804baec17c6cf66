package dev.krr.pricing.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One instance type of one provider region with its shape, its listed on-demand and spot prices
 * and the caveats that come with them (for example Azure rows whose source flipped between the
 * Linux and the Windows price). The shape is absent for rows whose source only priced the type.
 */
public record CatalogEntry(
        String provider,
        String region,
        String instanceType,
        Optional<InstanceShape> shape,
        Optional<Listing> onDemand,
        Optional<Listing> spot,
        List<String> caveats) {

    public CatalogEntry {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(onDemand, "onDemand");
        Objects.requireNonNull(spot, "spot");
        caveats = List.copyOf(caveats);
        if (provider.isBlank() || region.isBlank() || instanceType.isBlank()) {
            throw new IllegalArgumentException("provider, region and instance type must not be blank");
        }
        if (onDemand.isEmpty() && spot.isEmpty()) {
            throw new IllegalArgumentException(provider + "/" + region + "/" + instanceType + " has no price");
        }
    }

    /** The lookup key: provider, region and type compared without case (Azure labels vary). */
    public String key() {
        return InstanceCatalog.key(provider, region, instanceType);
    }
}
