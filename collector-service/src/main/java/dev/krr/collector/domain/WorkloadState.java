package dev.krr.collector.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the collector publishes about one workload. Two states are equal exactly when
 * nothing relevant changed, which is how the collector avoids republishing on every pod status
 * heartbeat. {@code templateAnnotations} keeps the pod template's annotations for usage sources
 * that read them (the demo source's {@code demo.krr.dev/*}); only {@code krr.dev/*} annotations
 * are published.
 */
public record WorkloadState(WorkloadId id, String uid, Map<String, String> labels, Map<String, String> annotations,
        Map<String, String> templateAnnotations, OwnerRef owner, int replicas, List<ContainerResources> containers,
        HpaTarget hpa, List<PodPlacement> pods, Instant createdAt) {

    public WorkloadState {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        templateAnnotations = Map.copyOf(templateAnnotations);
        containers = List.copyOf(containers);
        pods = List.copyOf(pods);
    }
}
