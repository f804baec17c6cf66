package dev.krr.strategy.domain.model;

/** The HorizontalPodAutoscaler of a workload, reduced to what decides KRR's "HPA detected". */
public record Hpa(String name, boolean targetsCpu, boolean targetsMemory) {
    public boolean targets(ResourceKind kind) {
        return kind == ResourceKind.CPU ? targetsCpu : targetsMemory;
    }
}
