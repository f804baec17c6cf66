package dev.krr.strategy.domain;

import dev.krr.strategy.domain.model.ResourceKind;
import dev.krr.strategy.domain.strategy.Severity;

/** Current vs recommended request and limit of one resource, with KRR's severity of the gap. */
public record ResourceAdvice(ResourceKind kind, Long currentRequest, Long currentLimit, Long recommendedRequest,
                             Long recommendedLimit, Severity severity, String noRecommendationReason) {
}
