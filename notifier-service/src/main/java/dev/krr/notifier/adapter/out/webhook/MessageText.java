package dev.krr.notifier.adapter.out.webhook;

import dev.krr.notifier.adapter.in.web.RecommendationJson;
import dev.krr.notifier.domain.ContainerRecommendation;
import dev.krr.notifier.domain.ResourceRecommendation;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.util.ArrayList;
import java.util.List;

/** Human-readable lines shared by the chat formats (Slack, Teams). */
final class MessageText {

    private MessageText() {
    }

    static String title(WorkloadRecommendation r) {
        return r.workload().kind() + " " + r.workload().namespace() + "/" + r.workload().name() + " in "
                + r.workload().cluster() + ": " + r.severity();
    }

    static String savings(WorkloadRecommendation r) {
        if (r.cost().unknown()) {
            return "cost unknown (" + r.cost().unknownReason() + ")";
        }
        return RecommendationJson.money(r.cost().savingsMonthly()) + " " + r.cost().currency() + "/month ("
                + RecommendationJson.money(r.cost().currentMonthly()) + " -> "
                + RecommendationJson.money(r.cost().recommendedMonthly()) + ")";
    }

    /** One line per container and resource: {@code app cpu 500m -> 100m (request), - -> - (limit)}. */
    static List<String> resourceLines(WorkloadRecommendation r) {
        List<String> lines = new ArrayList<>();
        for (ContainerRecommendation c : r.containers()) {
            for (ResourceRecommendation rr : c.resources()) {
                if (!rr.noRecommendationReason().isEmpty()) {
                    lines.add(c.container() + " " + rr.resource().externalName() + ": " + rr.noRecommendationReason());
                    continue;
                }
                lines.add(c.container() + " " + rr.resource().externalName() + " request "
                        + q(rr, rr.currentRequest()) + " -> " + q(rr, rr.recommendedRequest()) + ", limit "
                        + q(rr, rr.currentLimit()) + " -> " + q(rr, rr.recommendedLimit()));
            }
        }
        return lines;
    }

    private static String q(ResourceRecommendation rr, Long value) {
        return value == null ? "unset" : rr.resource().quantity(value);
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
