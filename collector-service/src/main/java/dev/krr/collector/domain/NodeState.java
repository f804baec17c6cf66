package dev.krr.collector.domain;

import java.util.Map;

/** What the collector publishes about one node: where it runs, how it is bought, what it holds. */
public record NodeState(String name, String provider, String region, String zone, String instanceType,
        CapacityType capacityType, ResourceAmounts allocatable, ResourceAmounts capacity, String gpuModel,
        Map<String, String> labels, String providerId, String os, String arch) {

    public NodeState {
        labels = Map.copyOf(labels);
    }
}
