package dev.krr.collector.domain;

/** How a node is bought; spot and preemptible capacity is priced far below on-demand. */
public enum CapacityType {
    UNSPECIFIED, ON_DEMAND, SPOT, PREEMPTIBLE, RESERVED
}
