package dev.krr.collector.domain;

/** A Kubernetes owner reference reduced to what the owner chain needs. */
public record OwnerRef(String kind, String name, String uid) {
}
