package dev.krr.strategy.domain.model;

/** A container of a workload's pod template with its current requests and limits. */
public record ContainerSpec(String name, ContainerRole role, Resources requests, Resources limits) {
    public ContainerSpec {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("container name must be set");
        }
        role = role == null ? ContainerRole.MAIN : role;
        requests = requests == null ? Resources.UNSET : requests;
        limits = limits == null ? Resources.UNSET : limits;
    }
}
