package dev.krr.strategy.domain.strategy;

/**
 * A strategy's answer for one resource of one container: a request and a limit (null = leave
 * unset), or no recommendation with the reason — never a null or NaN standing for "don't know".
 *
 * @param request millicores or bytes, null for unset
 * @param limit millicores or bytes, null for unset
 * @param noRecommendationReason non-null exactly when there is no recommendation
 */
public record Proposal(Long request, Long limit, String noRecommendationReason) {

    public static Proposal of(Long request, Long limit) {
        return new Proposal(request, limit, null);
    }

    public static Proposal none(String reason) {
        return new Proposal(null, null, reason);
    }

    public boolean recommends() {
        return noRecommendationReason == null;
    }
}
