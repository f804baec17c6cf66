package dev.krr.strategy.domain;

import dev.krr.strategy.domain.model.ContainerRole;
import dev.krr.strategy.domain.strategy.Severity;
import java.time.Duration;
import java.util.List;

/** The recommendation for one container: CPU and memory advice, what backs it, its worst severity. */
public record ContainerAdvice(String container, ContainerRole role, ResourceAdvice cpu, ResourceAdvice memory,
                              long dataPoints, Duration historySpan, double confidence, Severity severity,
                              List<String> info) {
    public ContainerAdvice {
        info = List.copyOf(info);
    }
}
