package dev.krr.notifier.adapter.in.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health} component {@code recommendationView}, part of the readiness group. A
 * notifier that has just started holds an empty view until it has replayed the compacted
 * recommendations topic; answering reports or summaries from it would show a cluster with no
 * recommendations and zero savings, which is wrong rather than merely late. So the component is
 * {@code OUT_OF_SERVICE} (HTTP 503 on {@code /actuator/health/readiness}, Kubernetes keeps the pod
 * out of its Service) until the replay reached the offsets the topic had at start, {@code UP}
 * afterwards, and {@code DOWN} if the consumer stopped with an error and the view froze.
 */
public final class RecommendationViewHealthIndicator implements HealthIndicator {

    private final RecommendationViewListener listener;

    public RecommendationViewHealthIndicator(RecommendationViewListener listener) {
        this.listener = listener;
    }

    @Override
    public Health health() {
        Health.Builder builder;
        if (listener.failure().isPresent()) {
            builder = Health.down().withDetail("error", listener.failure().get());
        } else if (listener.caughtUp()) {
            builder = Health.up();
        } else {
            builder = Health.outOfService().withDetail("replayTargetRecords", listener.replayTargetRecords());
        }
        return builder
                .withDetail("appliedRecords", listener.appliedRecords())
                .withDetail("rejectedRecords", listener.rejectedRecords())
                .build();
    }
}
