package dev.krr.notifier.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Hand-built domain recommendations for domain tests. */
final class DomainFixtures {

    private DomainFixtures() {
    }

    static WorkloadRecommendation rec(String cluster, String ns, String name, Severity severity, String current,
                                      String recommended, long revision) {
        ResourceRecommendation cpu = new ResourceRecommendation(ResourceKind.CPU, 500L, null, 100L, null, severity, "");
        ContainerRecommendation c = new ContainerRecommendation("app", List.of(cpu), 100, Duration.ofDays(14), 1.0,
                severity, List.of());
        WorkloadCost cost = current == null ? WorkloadCost.unknown("no rate")
                : new WorkloadCost("USD", new BigDecimal(current), new BigDecimal(recommended),
                new BigDecimal(current).subtract(new BigDecimal(recommended)), false, "", "test", false, false);
        return new WorkloadRecommendation(new WorkloadRef(cluster, ns, "Deployment", name), 1, severity,
                new StrategyRef("simple", Map.of(), "h"), List.of(c), cost, Instant.EPOCH, revision);
    }
}
