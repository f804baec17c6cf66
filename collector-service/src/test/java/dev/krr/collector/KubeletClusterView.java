package dev.krr.collector;

import dev.krr.collector.app.ClusterView;
import dev.krr.collector.domain.KubeletEndpoint;
import dev.krr.collector.domain.OomKill;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A test cluster view whose nodes' kubelets are the given endpoints (emulated kubelets), with the
 * workloads of another view and no OOM kills from pod status.
 */
public final class KubeletClusterView implements ClusterView {

    private final ClusterView workloads;
    private final Supplier<List<KubeletEndpoint>> kubelets;

    public KubeletClusterView(ClusterView workloads, Supplier<List<KubeletEndpoint>> kubelets) {
        this.workloads = workloads;
        this.kubelets = kubelets;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public Collection<WorkloadState> workloads() {
        return workloads.workloads();
    }

    @Override
    public Optional<WorkloadId> workloadOfPod(String namespace, String pod) {
        return workloads.workloadOfPod(namespace, pod);
    }

    @Override
    public List<OomKill> oomKills(WorkloadId workload) {
        return List.of();
    }

    @Override
    public List<KubeletEndpoint> kubelets() {
        return kubelets.get();
    }
}
