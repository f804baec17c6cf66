package dev.krr.notifier.adapter.out.webhook;

import dev.krr.notifier.adapter.in.web.RecommendationJson;
import dev.krr.notifier.app.RenderedEvent;
import dev.krr.notifier.app.WebhookFormatter;
import dev.krr.notifier.domain.WebhookEvent;
import dev.krr.notifier.domain.WebhookFormat;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * Microsoft Teams incoming-webhook message: a {@code message} with one attachment of content type
 * {@code application/vnd.microsoft.card.adaptive} holding an Adaptive Card 1.4 - a title
 * TextBlock, a FactSet of the workload's facts and one TextBlock per resource change; a digest
 * gets a FactSet per cluster.
 */
public final class TeamsFormatter implements WebhookFormatter {

    public static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

    private final ObjectMapper json;

    public TeamsFormatter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public WebhookFormat format() {
        return WebhookFormat.TEAMS;
    }

    @Override
    public boolean supports(WebhookEvent.Type type) {
        return type != WebhookEvent.Type.REMOVED;
    }

    @Override
    public RenderedEvent render(WebhookEvent event) {
        List<Object> body = new ArrayList<>();
        if (event.type() == WebhookEvent.Type.DIGEST) {
            body.add(title("krr digest: top savings per cluster"));
            event.digest().topByCluster().forEach((cluster, top) -> {
                body.add(Map.of("type", "TextBlock", "text", cluster, "weight", "Bolder", "wrap", true));
                List<Object> facts = new ArrayList<>();
                for (WorkloadRecommendation r : top) {
                    facts.add(fact(r.workload().namespace() + "/" + r.workload().name() + " (" + r.severity() + ")",
                            MessageText.savings(r)));
                }
                body.add(Map.of("type", "FactSet", "facts", facts));
            });
            Map<String, String> totals = new LinkedHashMap<>();
            event.digest().listedSavingsByCurrency().forEach((c, v) -> totals.put(c, RecommendationJson.money(v)));
            body.add(text(event.digest().changes() + " changes; listed savings " + totals));
        } else {
            WorkloadRecommendation r = event.recommendation();
            body.add(title("krr: " + MessageText.title(r)));
            body.add(Map.of("type", "FactSet", "facts", List.of(
                    fact("Cluster", r.workload().cluster()),
                    fact("Namespace", r.workload().namespace()),
                    fact("Workload", r.workload().kind() + " " + r.workload().name()),
                    fact("Severity", r.severity().name()),
                    fact("Monthly savings", MessageText.savings(r)),
                    fact("Strategy", r.strategy().name()))));
            for (String line : MessageText.resourceLines(r)) {
                body.add(text(line));
            }
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", body);
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", CARD_CONTENT_TYPE);
        attachment.put("content", card);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "message");
        message.put("attachments", List.of(attachment));
        return new RenderedEvent(event.id(), "application/json; charset=utf-8", json.writeValueAsBytes(message));
    }

    private static Map<String, Object> title(String text) {
        return Map.of("type", "TextBlock", "text", text, "size", "Large", "weight", "Bolder", "wrap", true);
    }

    private static Map<String, Object> text(String text) {
        return Map.of("type", "TextBlock", "text", text, "wrap", true);
    }

    private static Map<String, Object> fact(String title, String value) {
        return Map.of("title", title, "value", value);
    }
}
