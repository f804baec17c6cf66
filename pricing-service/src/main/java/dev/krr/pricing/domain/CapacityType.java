package dev.krr.pricing.domain;

/**
 * How a node is bought. The catalog lists on-demand and (where known) spot prices; preemptible is
 * priced like spot (GCP's pre-spot VMs cost the same), reserved starts from on-demand and is
 * lowered only by a configured discount.
 */
public enum CapacityType {
    ON_DEMAND,
    SPOT,
    PREEMPTIBLE,
    RESERVED;

    /** Whether the catalog's spot column prices this capacity type. */
    public boolean pricedAsSpot() {
        return this == SPOT || this == PREEMPTIBLE;
    }
}
