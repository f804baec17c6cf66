package dev.krr.strategy.support;

import com.google.protobuf.Timestamp;
import dev.krr.events.v1.ContainerSpec;
import dev.krr.events.v1.ContainerUsage;
import dev.krr.events.v1.CpuUsage;
import dev.krr.events.v1.MemoryUsage;
import dev.krr.events.v1.NodeSnapshot;
import dev.krr.events.v1.PodPlacement;
import dev.krr.events.v1.UsageBatch;
import dev.krr.events.v1.WorkloadSnapshot;
import dev.krr.types.v1.CapacityType;
import dev.krr.types.v1.ResourceQuantities;
import java.time.Instant;

/** Hand-built contract messages for tests. */
public final class Fixtures {

    public static final long MIB = 1024L * 1024;
    public static final long GIB = 1024 * MIB;

    private Fixtures() {
    }

    public static Timestamp ts(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    public static NodeSnapshot node(String cluster, String name, CapacityType type) {
        return NodeSnapshot.newBuilder().setCluster(cluster).setName(name).setProvider("aws").setRegion("us-east-1")
                .setInstanceType("m5.xlarge").setCapacityType(type)
                .setCapacity(ResourceQuantities.newBuilder().setCpuMillicores(4000).setMemoryBytes(16 * GIB))
                .setAllocatable(ResourceQuantities.newBuilder().setCpuMillicores(3920).setMemoryBytes(15 * GIB)).build();
    }

    /** A Deployment with one container "app" (1000m / 1 GiB requests, 1 GiB memory limit) and pods on {@code nodes}. */
    public static WorkloadSnapshot deployment(String cluster, String ns, String name, int replicas, String... nodes) {
        WorkloadSnapshot.Builder b = WorkloadSnapshot.newBuilder().setCluster(cluster).setNamespace(ns).setKind("Deployment")
                .setName(name).setUid("uid-" + name).setReplicas(replicas)
                .addContainers(ContainerSpec.newBuilder().setName("app")
                        .setRequests(ResourceQuantities.newBuilder().setCpuMillicores(1000).setMemoryBytes(GIB))
                        .setLimits(ResourceQuantities.newBuilder().setMemoryBytes(GIB)));
        for (int i = 0; i < nodes.length; i++) {
            b.addPods(PodPlacement.newBuilder().setPod(name + "-" + i).setNode(nodes[i]).setPhase("Running"));
        }
        return b.build();
    }

    /** One pod's container "app" with CPU samples at {@code stepSeconds} and a memory peak. */
    public static UsageBatch usage(String cluster, String ns, String name, String pod, Instant start, int stepSeconds,
                                   float[] cores, long memoryPeakBytes) {
        CpuUsage.Builder cpu = CpuUsage.newBuilder().setStepSeconds(stepSeconds);
        for (float c : cores) {
            cpu.addCores(c);
        }
        return UsageBatch.newBuilder().setCluster(cluster).setNamespace(ns).setKind("Deployment").setName(name)
                .setWindowStart(ts(start)).setWindowEnd(ts(start.plusSeconds((long) stepSeconds * cores.length)))
                .setSource("test")
                .addContainers(ContainerUsage.newBuilder().setPod(pod).setContainer("app").setCpu(cpu)
                        .setMemory(MemoryUsage.newBuilder().setWorkingSetPeakBytes(memoryPeakBytes).setSampleCount(cores.length)))
                .build();
    }
}
