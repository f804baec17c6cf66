package dev.krr.strategy.adapter.in.kafka;

import dev.krr.events.v1.ContainerSpec;
import dev.krr.events.v1.PodPlacement;
import dev.krr.events.v1.WorkloadSnapshot;
import dev.krr.strategy.domain.model.ContainerRole;
import dev.krr.strategy.domain.model.Hpa;
import dev.krr.strategy.domain.model.Resources;
import dev.krr.strategy.domain.model.Workload;
import dev.krr.types.v1.ResourceQuantities;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a {@link WorkloadSnapshot} into a domain {@link Workload}; bad fields raise errors naming them. */
public final class WorkloadMapper {

    private WorkloadMapper() {
    }

    public static Workload toDomain(WorkloadSnapshot s) {
        if (s.getCluster().isEmpty() || s.getNamespace().isEmpty() || s.getKind().isEmpty() || s.getName().isEmpty()) {
            throw new IllegalArgumentException("workload snapshot needs cluster, namespace, kind and name; got '"
                    + s.getCluster() + "/" + s.getNamespace() + "/" + s.getKind() + "/" + s.getName() + "'");
        }
        List<dev.krr.strategy.domain.model.ContainerSpec> containers = new ArrayList<>();
        for (ContainerSpec c : s.getContainersList()) {
            containers.add(new dev.krr.strategy.domain.model.ContainerSpec(c.getName(), role(c), resources(c.getRequests()),
                    resources(c.getLimits())));
        }
        Hpa hpa = s.hasHpa() ? new Hpa(s.getHpa().getName(), s.getHpa().getTargetsCpu(), s.getHpa().getTargetsMemory()) : null;
        List<Workload.PodPlacement> pods = new ArrayList<>();
        for (PodPlacement p : s.getPodsList()) {
            pods.add(new Workload.PodPlacement(p.getPod(), p.getNode()));
        }
        Instant created = s.hasCreatedAt() ? Instant.ofEpochSecond(s.getCreatedAt().getSeconds(), s.getCreatedAt().getNanos()) : null;
        return new Workload(s.getCluster(), s.getNamespace(), s.getKind(), s.getName(), s.getReplicas(), containers, hpa, pods,
                s.getAnnotationsMap(), created);
    }

    private static ContainerRole role(ContainerSpec c) {
        return switch (c.getRole()) {
            case CONTAINER_ROLE_INIT -> ContainerRole.INIT;
            case CONTAINER_ROLE_SIDECAR -> ContainerRole.SIDECAR;
            case CONTAINER_ROLE_INJECTED -> ContainerRole.INJECTED;
            default -> ContainerRole.MAIN;
        };
    }

    static Resources resources(ResourceQuantities q) {
        return new Resources(q.hasCpuMillicores() ? q.getCpuMillicores() : null, q.hasMemoryBytes() ? q.getMemoryBytes() : null);
    }
}
