package dev.krr.collector.app;

import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import java.util.Collection;
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
}
