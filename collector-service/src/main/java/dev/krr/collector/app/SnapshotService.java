package dev.krr.collector.app;

import dev.krr.collector.domain.NodeState;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what reaches the snapshot topics: a state is published only when it differs from the
 * last one published for its key (pod heartbeats and status-only updates produce nothing), a
 * deletion becomes a tombstone, and the start-up resync publishes the whole cluster and
 * tombstones every key left on the topic by things that disappeared while the collector was down.
 */
public class SnapshotService {

    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);

    private final SnapshotSink sink;
    private final Map<WorkloadId, WorkloadState> workloads = new HashMap<>();
    private final Map<String, NodeState> nodes = new HashMap<>();
    private long published;
    private long tombstones;

    public SnapshotService(SnapshotSink sink) {
        this.sink = sink;
    }

    /** Publishes {@code state} if it changed; returns whether it did. */
    public synchronized boolean workloadChanged(WorkloadState state) {
        WorkloadState last = workloads.put(state.id(), state);
        if (state.equals(last)) {
            return false;
        }
        sink.publishWorkload(state);
        published++;
        return true;
    }

    public synchronized void workloadGone(WorkloadId id) {
        if (workloads.remove(id) != null) {
            sink.deleteWorkload(id);
            tombstones++;
        }
    }

    public synchronized boolean nodeChanged(NodeState state) {
        NodeState last = nodes.put(state.name(), state);
        if (state.equals(last)) {
            return false;
        }
        sink.publishNode(state);
        published++;
        return true;
    }

    public synchronized void nodeGone(String node) {
        if (nodes.remove(node) != null) {
            sink.deleteNode(node);
            tombstones++;
        }
    }

    /**
     * Makes the topics equal to the cluster: publishes every current state and tombstones the
     * keys on the topics that are not in the cluster any more.
     */
    public synchronized void resync(Collection<WorkloadState> currentWorkloads, Collection<NodeState> currentNodes) {
        Set<WorkloadId> staleWorkloads = new HashSet<>(sink.existingWorkloads());
        Set<String> staleNodes = new HashSet<>(sink.existingNodes());
        workloads.clear();
        nodes.clear();
        for (WorkloadState w : currentWorkloads) {
            staleWorkloads.remove(w.id());
            workloads.put(w.id(), w);
            sink.publishWorkload(w);
            published++;
        }
        for (NodeState n : currentNodes) {
            staleNodes.remove(n.name());
            nodes.put(n.name(), n);
            sink.publishNode(n);
            published++;
        }
        staleWorkloads.forEach(sink::deleteWorkload);
        staleNodes.forEach(sink::deleteNode);
        tombstones += staleWorkloads.size() + staleNodes.size();
        sink.flush();
        log.info("resync: published {} workloads and {} nodes, tombstoned {} workloads and {} nodes gone while stopped",
                currentWorkloads.size(), currentNodes.size(), staleWorkloads.size(), staleNodes.size());
    }

    public synchronized int workloadCount() {
        return workloads.size();
    }

    public synchronized int nodeCount() {
        return nodes.size();
    }

    public synchronized long publishedCount() {
        return published;
    }

    public synchronized long tombstoneCount() {
        return tombstones;
    }
}
