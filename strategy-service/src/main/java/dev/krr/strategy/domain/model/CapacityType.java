package dev.krr.strategy.domain.model;

/** How a node is bought; spot and preemptible capacity is much cheaper and can be taken away. */
public enum CapacityType {
    UNKNOWN,
    ON_DEMAND,
    SPOT,
    PREEMPTIBLE,
    RESERVED;

    public boolean interruptible() {
        return this == SPOT || this == PREEMPTIBLE;
    }
}
