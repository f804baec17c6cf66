package dev.krr.notifier.domain;

import java.time.Duration;
import java.util.List;

/**
 * krr's recommendation for one container of a workload, with how much data backs it
 * ({@code dataPoints}, {@code historySpan}, {@code confidence} 0..1) and free-text notes.
 */
public record ContainerRecommendation(
        String container,
        List<ResourceRecommendation> resources,
        long dataPoints,
        Duration historySpan,
        double confidence,
        Severity severity,
        List<String> info) {

    public ContainerRecommendation {
        resources = List.copyOf(resources);
        info = List.copyOf(info);
    }

    /** The recommendation for {@code kind}, or null when the strategy said nothing about it. */
    public ResourceRecommendation resource(ResourceKind kind) {
        for (ResourceRecommendation r : resources) {
            if (r.resource() == kind) {
                return r;
            }
        }
        return null;
    }
}
