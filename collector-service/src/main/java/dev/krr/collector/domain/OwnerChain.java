package dev.krr.collector.domain;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks a pod's controller references up to the workload that recommendations are made for:
 * Pod → ReplicaSet → Deployment (or Argo Rollout), Pod → Job → CronJob, Pod → StatefulSet /
 * DaemonSet. The walk stops at the first object whose own controller is unknown (not watched or
 * gone), so a bare ReplicaSet or a Job without a CronJob is a workload of its own. A Job that is
 * not owned by a CronJob but carries one of the configured grouping labels becomes the
 * {@value #GROUPED_JOB} workload named after the label value, so thousands of short one-off Jobs
 * of one kind get one recommendation instead of thousands.
 */
public final class OwnerChain {

    /** Kind of the synthetic workload standing for Jobs grouped by label. */
    public static final String GROUPED_JOB = "GroupedJob";
    private static final int MAX_DEPTH = 8;

    /** One controller in the chain: its reference, its own controller (if known) and labels. */
    public record Link(OwnerRef ref, Optional<OwnerRef> controller, Map<String, String> labels) {
    }

    private final Set<String> jobGroupingLabels;

    public OwnerChain(Set<String> jobGroupingLabels) {
        this.jobGroupingLabels = Set.copyOf(jobGroupingLabels);
    }

    /**
     * The workload owning something in {@code namespace} whose controller is {@code controller};
     * {@code lookup} finds a watched controller by kind and name (empty when not watched or gone).
     */
    public WorkloadId resolve(String namespace, OwnerRef controller, Function<OwnerRef, Optional<Link>> lookup) {
        OwnerRef current = controller;
        Map<String, String> currentLabels = Map.of();
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            Optional<Link> link = lookup.apply(current);
            if (link.isEmpty()) {
                break;
            }
            currentLabels = link.get().labels();
            if (link.get().controller().isEmpty()) {
                break;
            }
            current = link.get().controller().get();
        }
        if (current.kind().equals("Job")) {
            for (String label : jobGroupingLabels) {
                String value = currentLabels.get(label);
                if (value != null && !value.isBlank()) {
                    return new WorkloadId(namespace, GROUPED_JOB, value);
                }
            }
        }
        return new WorkloadId(namespace, current.kind(), current.name());
    }
}
