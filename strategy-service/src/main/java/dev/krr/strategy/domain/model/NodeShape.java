package dev.krr.strategy.domain.model;

/**
 * What the pricing service needs to price a node: where and how it is bought and its shape.
 *
 * @param os "linux" or "windows" (empty = linux)
 */
public record NodeShape(String cluster, String name, String provider, String region, String instanceType,
                        CapacityType capacityType, String os, double vcpu, double memoryGib, int gpuCount, String gpuModel) {
    public NodeShape {
        if (cluster == null || cluster.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("node snapshot needs cluster and name, got '" + cluster + "/" + name + "'");
        }
    }
}
