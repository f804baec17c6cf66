package dev.krr.notifier.domain;

/**
 * Current and recommended request/limit of one resource of one container, in the unit of
 * {@link ResourceKind}. A null value means "unset" (no request or no limit), which differs from
 * zero: KRR recommends no CPU limit, for example. {@code noRecommendationReason} is non-empty
 * when krr could not recommend ("Not enough data", "HPA detected").
 */
public record ResourceRecommendation(
        ResourceKind resource,
        Long currentRequest,
        Long currentLimit,
        Long recommendedRequest,
        Long recommendedLimit,
        Severity severity,
        String noRecommendationReason) {

    public ResourceRecommendation {
        noRecommendationReason = noRecommendationReason == null ? "" : noRecommendationReason;
    }

    public boolean hasRecommendation() {
        return noRecommendationReason.isEmpty() && (recommendedRequest != null || recommendedLimit != null);
    }
}
