package dev.krr.notifier.adapter.out.metrics;

import dev.krr.notifier.domain.ContainerRecommendation;
import dev.krr.notifier.domain.RecommendationFilter;
import dev.krr.notifier.domain.RecommendationView;
import dev.krr.notifier.domain.ResourceKind;
import dev.krr.notifier.domain.ResourceRecommendation;
import dev.krr.notifier.domain.WorkloadRecommendation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes every recommendation of the view as gauges for dashboards and alert rules, in base
 * units (CPU in cores, memory in bytes, money in the currency):
 * <ul>
 * <li>{@code krr_recommendation_cpu_request_cores}, {@code ..._cpu_limit_cores},
 * {@code ..._memory_request_bytes}, {@code ..._memory_limit_bytes} with {@code state=current|recommended}
 * (an unset value has no series);</li>
 * <li>{@code krr_recommendation_monthly_cost{state,currency}} and {@code krr_recommendation_monthly_savings{currency}};</li>
 * <li>{@code krr_recommendation_severity} (0 unknown, 1 good, 2 ok, 3 warning, 4 critical).</li>
 * </ul>
 * Labels: cluster, namespace, kind, workload (and container for resources). {@link #refresh()}
 * replaces all series at once, so a removed workload's series disappear.
 */
public final class RecommendationMetrics {

    private final RecommendationView view;
    private final MultiGauge cpuRequest;
    private final MultiGauge cpuLimit;
    private final MultiGauge memoryRequest;
    private final MultiGauge memoryLimit;
    private final MultiGauge cost;
    private final MultiGauge savings;
    private final MultiGauge severity;

    public RecommendationMetrics(RecommendationView view, MeterRegistry registry) {
        this.view = view;
        cpuRequest = gauge(registry, "krr.recommendation.cpu.request.cores", "CPU request per container, current and recommended");
        cpuLimit = gauge(registry, "krr.recommendation.cpu.limit.cores", "CPU limit per container, current and recommended");
        memoryRequest = gauge(registry, "krr.recommendation.memory.request.bytes", "Memory request per container, current and recommended");
        memoryLimit = gauge(registry, "krr.recommendation.memory.limit.bytes", "Memory limit per container, current and recommended");
        cost = gauge(registry, "krr.recommendation.monthly.cost", "Monthly cost of the workload, current and recommended");
        savings = gauge(registry, "krr.recommendation.monthly.savings", "Monthly savings of the workload if the recommendation is applied");
        severity = gauge(registry, "krr.recommendation.severity", "KRR severity of the workload: 0 unknown, 1 good, 2 ok, 3 warning, 4 critical");
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder(name).description(description).register(registry);
    }

    /** Rebuilds every series from the view. */
    public void refresh() {
        List<MultiGauge.Row<?>> cpuReq = new ArrayList<>();
        List<MultiGauge.Row<?>> cpuLim = new ArrayList<>();
        List<MultiGauge.Row<?>> memReq = new ArrayList<>();
        List<MultiGauge.Row<?>> memLim = new ArrayList<>();
        List<MultiGauge.Row<?>> costRows = new ArrayList<>();
        List<MultiGauge.Row<?>> savingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> severityRows = new ArrayList<>();
        for (WorkloadRecommendation r : view.query(RecommendationFilter.ALL)) {
            Tags workload = Tags.of("cluster", r.workload().cluster(), "namespace", r.workload().namespace(),
                    "kind", r.workload().kind(), "workload", r.workload().name());
            severityRows.add(MultiGauge.Row.of(workload, r.severity().rank()));
            if (!r.cost().unknown()) {
                Tags money = workload.and("currency", r.cost().currency());
                costRows.add(MultiGauge.Row.of(money.and("state", "current"), r.cost().currentMonthly().doubleValue()));
                costRows.add(MultiGauge.Row.of(money.and("state", "recommended"), r.cost().recommendedMonthly().doubleValue()));
                savingRows.add(MultiGauge.Row.of(money, r.cost().savingsMonthly().doubleValue()));
            }
            for (ContainerRecommendation c : r.containers()) {
                Tags container = workload.and("container", c.container());
                ResourceRecommendation cpu = c.resource(ResourceKind.CPU);
                if (cpu != null) {
                    add(cpuReq, container, cpu.currentRequest(), cpu.recommendedRequest(), 1000.0);
                    add(cpuLim, container, cpu.currentLimit(), cpu.recommendedLimit(), 1000.0);
                }
                ResourceRecommendation memory = c.resource(ResourceKind.MEMORY);
                if (memory != null) {
                    add(memReq, container, memory.currentRequest(), memory.recommendedRequest(), 1.0);
                    add(memLim, container, memory.currentLimit(), memory.recommendedLimit(), 1.0);
                }
            }
        }
        cpuRequest.register(cpuReq, true);
        cpuLimit.register(cpuLim, true);
        memoryRequest.register(memReq, true);
        memoryLimit.register(memLim, true);
        cost.register(costRows, true);
        savings.register(savingRows, true);
        severity.register(severityRows, true);
    }

    private static void add(List<MultiGauge.Row<?>> rows, Tags tags, Long current, Long recommended, double divisor) {
        if (current != null) {
            rows.add(MultiGauge.Row.of(tags.and("state", "current"), current / divisor));
        }
        if (recommended != null) {
            rows.add(MultiGauge.Row.of(tags.and("state", "recommended"), recommended / divisor));
        }
    }
}
