package dev.krr.strategy.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A workload as the strategies see it: its containers' current requests and limits, replicas, HPA,
 * the nodes its pods run on (for money) and its krr.dev/* annotations (strategy choice).
 *
 * @param hpa null when no HPA targets the workload
 * @param createdAt null when unknown
 */
public record Workload(String cluster, String namespace, String kind, String name, int replicas,
                       List<ContainerSpec> containers, Hpa hpa, List<PodPlacement> pods,
                       Map<String, String> annotations, Instant createdAt) {

    public Workload {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, was " + replicas);
        }
        containers = List.copyOf(containers);
        pods = List.copyOf(pods);
        annotations = Map.copyOf(annotations);
    }

    /** A pod of the workload and the node it runs on (empty while unscheduled). */
    public record PodPlacement(String pod, String node) {
    }
}
