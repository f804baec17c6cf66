package dev.krr.notifier.domain;

import java.util.Objects;

/** Identity of a workload across all clusters: the same four parts as its Kafka key. */
public record WorkloadRef(String cluster, String namespace, String kind, String name) {
    public WorkloadRef {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return cluster + "/" + namespace + "/" + kind + "/" + name;
    }
}
