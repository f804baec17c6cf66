package dev.krr.notifier.domain;

/**
 * Which recommendations a report wants. Every criterion is optional (null = any). Cluster,
 * namespace, kind and strategy match exactly (kind ignoring case); severity matches exactly.
 */
public record RecommendationFilter(String cluster, String namespace, String kind, Severity severity, String strategy) {

    public static final RecommendationFilter ALL = new RecommendationFilter(null, null, null, null, null);

    public boolean matches(WorkloadRecommendation r) {
        WorkloadRef w = r.workload();
        return (cluster == null || cluster.equals(w.cluster()))
                && (namespace == null || namespace.equals(w.namespace()))
                && (kind == null || kind.equalsIgnoreCase(w.kind()))
                && (severity == null || severity == r.severity())
                && (strategy == null || strategy.equals(r.strategy().name()));
    }
}
