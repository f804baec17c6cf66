package dev.krr.collector.adapter.out.kafka;

import com.google.protobuf.Timestamp;
import dev.krr.collector.domain.ContainerResources;
import dev.krr.collector.domain.ContainerUsage;
import dev.krr.collector.domain.HpaTarget;
import dev.krr.collector.domain.NodeState;
import dev.krr.collector.domain.PodPlacement;
import dev.krr.collector.domain.ResourceAmounts;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.collector.domain.WorkloadState;
import dev.krr.events.v1.ContainerRole;
import dev.krr.events.v1.ContainerSpec;
import dev.krr.events.v1.CpuThrottling;
import dev.krr.events.v1.CpuUsage;
import dev.krr.events.v1.HpaSummary;
import dev.krr.events.v1.MemoryUsage;
import dev.krr.events.v1.NodeSnapshot;
import dev.krr.events.v1.OomEvents;
import dev.krr.events.v1.OwnerReference;
import dev.krr.events.v1.UsageBatch;
import dev.krr.events.v1.WorkloadSnapshot;
import dev.krr.types.v1.CapacityType;
import dev.krr.types.v1.ResourceQuantities;
import java.time.Instant;

/** Turns the collector's domain records into the v1 protobuf contracts. */
public final class SnapshotMapper {

    private final String cluster;

    public SnapshotMapper(String cluster) {
        this.cluster = cluster;
    }

    public WorkloadSnapshot workload(WorkloadState s, Instant observedAt) {
        WorkloadSnapshot.Builder b = WorkloadSnapshot.newBuilder()
                .setCluster(cluster).setNamespace(s.id().namespace()).setKind(s.id().kind()).setName(s.id().name())
                .setUid(s.uid()).putAllLabels(s.labels()).putAllAnnotations(s.annotations())
                .setReplicas(s.replicas()).setObservedAt(ts(observedAt));
        if (s.owner() != null) {
            b.setOwner(OwnerReference.newBuilder().setKind(s.owner().kind()).setName(s.owner().name())
                    .setUid(s.owner().uid() == null ? "" : s.owner().uid()));
        }
        for (ContainerResources c : s.containers()) {
            b.addContainers(ContainerSpec.newBuilder().setName(c.name()).setRole(role(c.role()))
                    .setRequests(quantities(c.requests())).setLimits(quantities(c.limits())).setImage(c.image()));
        }
        if (s.hpa() != null) {
            b.setHpa(hpa(s.hpa()));
        }
        for (PodPlacement p : s.pods()) {
            b.addPods(dev.krr.events.v1.PodPlacement.newBuilder().setPod(p.pod()).setNode(p.node()).setPhase(p.phase()));
        }
        if (s.createdAt() != null) {
            b.setCreatedAt(ts(s.createdAt()));
        }
        return b.build();
    }

    public NodeSnapshot node(NodeState n, Instant observedAt) {
        return NodeSnapshot.newBuilder().setCluster(cluster).setName(n.name()).setProvider(n.provider())
                .setRegion(n.region()).setZone(n.zone()).setInstanceType(n.instanceType())
                .setCapacityType(CapacityType.valueOf("CAPACITY_TYPE_" + n.capacityType().name()))
                .setAllocatable(quantities(n.allocatable())).setCapacity(quantities(n.capacity()))
                .setGpuModel(n.gpuModel()).putAllLabels(n.labels()).setProviderId(n.providerId())
                .setOs(n.os()).setArch(n.arch()).setObservedAt(ts(observedAt)).build();
    }

    public UsageBatch usage(UsageWindow w) {
        UsageBatch.Builder b = UsageBatch.newBuilder().setCluster(cluster).setNamespace(w.workload().namespace())
                .setKind(w.workload().kind()).setName(w.workload().name()).setWindowStart(ts(w.start()))
                .setWindowEnd(ts(w.end())).setSource(w.source());
        for (ContainerUsage c : w.containers()) {
            CpuUsage.Builder cpu = CpuUsage.newBuilder().setStepSeconds(c.stepSeconds());
            for (float v : c.cpuCores()) {
                cpu.addCores(v);
            }
            MemoryUsage.Builder mem = MemoryUsage.newBuilder().setWorkingSetPeakBytes(c.memoryPeakBytes())
                    .setSampleCount(c.memorySampleCount());
            if (c.memoryBytes() != null) {
                for (long v : c.memoryBytes()) {
                    mem.addWorkingSetBytes(v);
                }
            }
            dev.krr.events.v1.ContainerUsage.Builder cu = dev.krr.events.v1.ContainerUsage.newBuilder()
                    .setPod(c.pod()).setContainer(c.container()).setNode(c.node() == null ? "" : c.node())
                    .setCpu(cpu).setMemory(mem);
            if (c.oomKills() > 0) {
                OomEvents.Builder oom = OomEvents.newBuilder().setOomKills(c.oomKills());
                if (c.memoryLimitAtOomBytes() != null) {
                    oom.setMemoryLimitAtOomBytes(c.memoryLimitAtOomBytes());
                }
                if (c.lastOomAt() != null) {
                    oom.setLastOomAt(ts(c.lastOomAt()));
                }
                cu.setOom(oom);
            }
            if (c.throttling() != null) {
                cu.setThrottling(CpuThrottling.newBuilder().setPeriods(c.throttling().periods())
                        .setThrottledPeriods(c.throttling().throttledPeriods())
                        .setThrottledSeconds(c.throttling().throttledSeconds()));
            }
            b.addContainers(cu);
        }
        return b.build();
    }

    private static HpaSummary hpa(HpaTarget h) {
        HpaSummary.Builder b = HpaSummary.newBuilder().setName(h.name()).setMinReplicas(h.minReplicas())
                .setMaxReplicas(h.maxReplicas()).setTargetsCpu(h.targetsCpu()).setTargetsMemory(h.targetsMemory())
                .addAllOtherMetrics(h.otherMetrics());
        if (h.targetCpuUtilizationPercent() != null) {
            b.setTargetCpuUtilizationPercent(h.targetCpuUtilizationPercent());
        }
        if (h.targetMemoryUtilizationPercent() != null) {
            b.setTargetMemoryUtilizationPercent(h.targetMemoryUtilizationPercent());
        }
        return b.build();
    }

    static ResourceQuantities quantities(ResourceAmounts a) {
        ResourceQuantities.Builder b = ResourceQuantities.newBuilder();
        if (a.cpuMillicores() != null) {
            b.setCpuMillicores(a.cpuMillicores());
        }
        if (a.memoryBytes() != null) {
            b.setMemoryBytes(a.memoryBytes());
        }
        if (a.gpuCount() != null) {
            b.setGpuCount(a.gpuCount());
        }
        if (a.ephemeralStorageBytes() != null) {
            b.setEphemeralStorageBytes(a.ephemeralStorageBytes());
        }
        return b.build();
    }

    private static ContainerRole role(dev.krr.collector.domain.ContainerRole r) {
        return switch (r) {
            case MAIN -> ContainerRole.CONTAINER_ROLE_MAIN;
            case INIT -> ContainerRole.CONTAINER_ROLE_INIT;
            case SIDECAR -> ContainerRole.CONTAINER_ROLE_SIDECAR;
            case INJECTED -> ContainerRole.CONTAINER_ROLE_INJECTED;
        };
    }

    static Timestamp ts(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
