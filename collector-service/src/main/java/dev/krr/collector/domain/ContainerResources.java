package dev.krr.collector.domain;

/** One container of a workload with its requests and limits as declared (or as injected). */
public record ContainerResources(String name, ContainerRole role, ResourceAmounts requests, ResourceAmounts limits,
        String image) {
}
