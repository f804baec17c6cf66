package dev.krr.notifier.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing a subscription is told about: a changed recommendation, a removed workload, or a
 * digest. The id is the idempotency key: it is derived from the event's position in the topic
 * (or the digest's contents), so a redelivery after a crash carries the same id and a receiver
 * can drop the duplicate.
 */
public record WebhookEvent(String id, Type type, Instant time, WorkloadRef subject,
                           WorkloadRecommendation recommendation, Digest digest) {

    /** Event types, also the CloudEvents {@code type} attribute. */
    public enum Type {
        CHANGED("dev.krr.recommendation.changed.v1"),
        REMOVED("dev.krr.recommendation.removed.v1"),
        DIGEST("dev.krr.recommendation.digest.v1");

        private final String cloudEventType;

        Type(String cloudEventType) {
            this.cloudEventType = cloudEventType;
        }

        public String cloudEventType() {
            return cloudEventType;
        }
    }

    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
    }

    public static WebhookEvent changed(String id, Instant time, WorkloadRecommendation r) {
        return new WebhookEvent(id, Type.CHANGED, time, r.workload(), r, null);
    }

    public static WebhookEvent removed(String id, Instant time, WorkloadRef workload) {
        return new WebhookEvent(id, Type.REMOVED, time, workload, null, null);
    }

    public static WebhookEvent digest(String id, Instant time, Digest digest) {
        return new WebhookEvent(id, Type.DIGEST, time, null, null, digest);
    }
}
