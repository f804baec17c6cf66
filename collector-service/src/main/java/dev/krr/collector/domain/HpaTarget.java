package dev.krr.collector.domain;

import java.util.List;

/**
 * The HorizontalPodAutoscaler scaling a workload. Strategies need to know whether it scales on
 * CPU or memory: KRR refuses to recommend that resource ("HPA detected") because changing the
 * request shifts the HPA's utilisation target.
 */
public record HpaTarget(String name, int minReplicas, int maxReplicas, boolean targetsCpu, boolean targetsMemory,
        Integer targetCpuUtilizationPercent, Integer targetMemoryUtilizationPercent, List<String> otherMetrics) {

    public HpaTarget {
        otherMetrics = List.copyOf(otherMetrics);
    }
}
