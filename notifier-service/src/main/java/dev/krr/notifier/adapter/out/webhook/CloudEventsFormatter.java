package dev.krr.notifier.adapter.out.webhook;

import dev.krr.notifier.adapter.in.web.RecommendationJson;
import dev.krr.notifier.app.RenderedEvent;
import dev.krr.notifier.app.WebhookFormatter;
import dev.krr.notifier.domain.Digest;
import dev.krr.notifier.domain.WebhookEvent;
import dev.krr.notifier.domain.WebhookFormat;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * CloudEvents 1.0 in structured mode: one JSON object with the context attributes
 * ({@code specversion, id, source, type, subject, time, datacontenttype}) and the event in
 * {@code data} - the same item shape as {@code GET /api/v1/recommendations}.
 */
public final class CloudEventsFormatter implements WebhookFormatter {

    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

    private final ObjectMapper json;
    private final String source;

    public CloudEventsFormatter(ObjectMapper json, String source) {
        this.json = json;
        this.source = source;
    }

    @Override
    public WebhookFormat format() {
        return WebhookFormat.CLOUDEVENTS;
    }

    @Override
    public RenderedEvent render(WebhookEvent event) {
        Map<String, Object> ce = new LinkedHashMap<>();
        ce.put("specversion", "1.0");
        ce.put("id", event.id());
        ce.put("source", source);
        ce.put("type", event.type().cloudEventType());
        if (event.subject() != null) {
            ce.put("subject", event.subject().toString());
        }
        ce.put("time", event.time().toString());
        ce.put("datacontenttype", "application/json");
        ce.put("data", data(event));
        return new RenderedEvent(event.id(), CONTENT_TYPE, json.writeValueAsBytes(ce));
    }

    private static Object data(WebhookEvent event) {
        return switch (event.type()) {
            case CHANGED -> RecommendationJson.item(event.recommendation());
            case REMOVED -> Map.of("cluster", event.subject().cluster(), "namespace", event.subject().namespace(),
                    "kind", event.subject().kind(), "name", event.subject().name());
            case DIGEST -> digest(event.digest());
        };
    }

    static Map<String, Object> digest(Digest digest) {
        List<Map<String, Object>> clusters = new ArrayList<>();
        digest.topByCluster().forEach((cluster, top) -> {
            List<RecommendationJson.Item> items = new ArrayList<>();
            for (WorkloadRecommendation r : top) {
                items.add(RecommendationJson.item(r));
            }
            clusters.add(Map.of("cluster", cluster, "top", items));
        });
        Map<String, String> savings = new LinkedHashMap<>();
        digest.listedSavingsByCurrency().forEach((c, v) -> savings.put(c, RecommendationJson.money(v)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("changes", digest.changes());
        out.put("clusters", clusters);
        out.put("listedSavingsMonthly", savings);
        return out;
    }
}
