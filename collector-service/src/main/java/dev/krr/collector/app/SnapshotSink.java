package dev.krr.collector.app;

import dev.krr.collector.domain.NodeState;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import java.util.Set;

/** Where workload and node snapshots go (the compacted topics), and what is there already. */
public interface SnapshotSink {

    void publishWorkload(WorkloadState state);

    void deleteWorkload(WorkloadId id);

    void publishNode(NodeState state);

    void deleteNode(String node);

    /** Workloads of this cluster that currently have a live (non-tombstoned) snapshot. */
    Set<WorkloadId> existingWorkloads();

    /** Nodes of this cluster that currently have a live snapshot. */
    Set<String> existingNodes();

    /** Blocks until everything published so far is acknowledged. */
    void flush();
}
