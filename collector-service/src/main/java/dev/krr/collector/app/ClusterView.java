package dev.krr.collector.app;

import dev.krr.collector.domain.KubeletEndpoint;
import dev.krr.collector.domain.OomKill;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The collector's current picture of the cluster's workloads, for usage sources to attribute series. */
public interface ClusterView {

    /** True once the initial listing of every watched kind has been loaded. */
    boolean ready();

    Collection<WorkloadState> workloads();

    /**
     * The workload a pod belongs to: from the live pod when it still exists, else by the pod
     * name's prefix (a Deployment's pods are named {@code <deployment>-<hash>-<suffix>}).
     */
    Optional<WorkloadId> workloadOfPod(String namespace, String pod);

    /** OOM kills currently visible in the status of the workload's live pods (the last termination of each container). */
    default List<OomKill> oomKills(WorkloadId workload) {
        return List.of();
    }

    /**
     * The kubelets of the cluster's nodes, for following usage from the nodes themselves; empty
     * when the view does not know nodes (then usage is followed from Prometheus).
     */
    default List<KubeletEndpoint> kubelets() {
        return List.of();
    }
}
