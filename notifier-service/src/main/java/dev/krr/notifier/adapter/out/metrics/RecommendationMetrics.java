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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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
    private final Series cpuRequest;
    private final Series cpuLimit;
    private final Series memoryRequest;
    private final Series memoryLimit;
    private final Series cost;
    private final Series savings;
    private final Series severity;

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

    private static Series gauge(MeterRegistry registry, String name, String description) {
        return new Series(MultiGauge.builder(name).description(description).register(registry));
    }

    /**
     * One gauge name's series. Each label set keeps one value holder for its whole life, so a
     * refresh only updates numbers and never re-registers a live series: re-registering (remove +
     * add) while {@code /actuator/prometheus} is scraped let the scrape see the same labels twice
     * and fail with DuplicateLabelsException. Series absent from a refresh are removed.
     */
    private static final class Series {
        private final MultiGauge gauge;
        private final Map<Tags, AtomicReference<Double>> values = new HashMap<>();

        Series(MultiGauge gauge) {
            this.gauge = gauge;
        }

        void update(Map<Tags, Double> current) {
            values.keySet().retainAll(current.keySet());
            current.forEach((tags, v) -> values.computeIfAbsent(tags, t -> new AtomicReference<>(v)).set(v));
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            values.forEach((tags, holder) -> rows.add(MultiGauge.Row.of(tags, holder, AtomicReference::get)));
            gauge.register(rows, false);
        }
    }

    /** Rebuilds every series from the view. */
    public synchronized void refresh() {
        Map<Tags, Double> cpuReq = new HashMap<>();
        Map<Tags, Double> cpuLim = new HashMap<>();
        Map<Tags, Double> memReq = new HashMap<>();
        Map<Tags, Double> memLim = new HashMap<>();
        Map<Tags, Double> costRows = new HashMap<>();
        Map<Tags, Double> savingRows = new HashMap<>();
        Map<Tags, Double> severityRows = new HashMap<>();
        for (WorkloadRecommendation r : view.query(RecommendationFilter.ALL)) {
            Tags workload = Tags.of("cluster", r.workload().cluster(), "namespace", r.workload().namespace(),
                    "kind", r.workload().kind(), "workload", r.workload().name());
            severityRows.put(workload, (double) r.severity().rank());
            if (!r.cost().unknown()) {
                Tags money = workload.and("currency", r.cost().currency());
                costRows.put(money.and("state", "current"), r.cost().currentMonthly().doubleValue());
                costRows.put(money.and("state", "recommended"), r.cost().recommendedMonthly().doubleValue());
                savingRows.put(money, r.cost().savingsMonthly().doubleValue());
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
        cpuRequest.update(cpuReq);
        cpuLimit.update(cpuLim);
        memoryRequest.update(memReq);
        memoryLimit.update(memLim);
        cost.update(costRows);
        savings.update(savingRows);
        severity.update(severityRows);
    }

    private static void add(Map<Tags, Double> rows, Tags tags, Long current, Long recommended, double divisor) {
        if (current != null) {
            rows.put(tags.and("state", "current"), current / divisor);
        }
        if (recommended != null) {
            rows.put(tags.and("state", "recommended"), recommended / divisor);
        }
    }
}
