package dev.krr.strategy.domain.model;

/** The resources krr recommends; values are millicores for CPU and bytes for memory. */
public enum ResourceKind {
    CPU,
    MEMORY
}
