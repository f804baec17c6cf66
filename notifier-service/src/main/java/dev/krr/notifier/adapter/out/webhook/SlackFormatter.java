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
 * Slack incoming-webhook message with Block Kit blocks: a header, the workload's facts as
 * section fields, the resource changes as a code block and a context line; a digest gets one
 * section per cluster. {@code text} carries a plain fallback for notifications. Slack's limits
 * are respected: at most 50 blocks, 3,000 characters per text, 10 fields per section.
 */
public final class SlackFormatter implements WebhookFormatter {

    static final int MAX_TEXT = 3000;
    static final int MAX_BLOCKS = 50;

    private final ObjectMapper json;

    public SlackFormatter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public WebhookFormat format() {
        return WebhookFormat.SLACK;
    }

    @Override
    public boolean supports(WebhookEvent.Type type) {
        return type != WebhookEvent.Type.REMOVED;
    }

    @Override
    public RenderedEvent render(WebhookEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        List<Object> blocks = new ArrayList<>();
        if (event.type() == WebhookEvent.Type.DIGEST) {
            message.put("text", "krr digest: " + event.digest().changes() + " recommendation changes");
            blocks.add(header("krr digest: top savings per cluster"));
            event.digest().topByCluster().forEach((cluster, top) -> {
                StringBuilder sb = new StringBuilder("*" + cluster + "*\n");
                for (WorkloadRecommendation r : top) {
                    sb.append("• ").append(r.workload().namespace()).append('/').append(r.workload().name())
                            .append(" (").append(r.severity()).append("): ").append(MessageText.savings(r)).append('\n');
                }
                if (blocks.size() < MAX_BLOCKS - 1) {
                    blocks.add(section(MessageText.truncate(sb.toString(), MAX_TEXT)));
                }
            });
            Map<String, String> totals = new LinkedHashMap<>();
            event.digest().listedSavingsByCurrency().forEach((c, v) -> totals.put(c, RecommendationJson.money(v)));
            blocks.add(context(event.digest().changes() + " changes; listed savings " + totals));
        } else {
            WorkloadRecommendation r = event.recommendation();
            message.put("text", "krr: " + MessageText.title(r) + ", savings " + MessageText.savings(r));
            blocks.add(header(MessageText.truncate("krr: " + r.workload().name() + " " + r.severity(), 150)));
            List<Object> fields = List.of(
                    mrkdwn("*Cluster*\n" + r.workload().cluster()),
                    mrkdwn("*Namespace*\n" + r.workload().namespace()),
                    mrkdwn("*Workload*\n" + r.workload().kind() + " " + r.workload().name()),
                    mrkdwn("*Severity*\n" + r.severity()),
                    mrkdwn("*Monthly savings*\n" + MessageText.savings(r)),
                    mrkdwn("*Strategy*\n" + r.strategy().name()));
            blocks.add(Map.of("type", "section", "fields", fields));
            blocks.add(section(MessageText.truncate("```" + String.join("\n", MessageText.resourceLines(r)) + "```", MAX_TEXT)));
            blocks.add(context("computed " + r.computedAt() + " · event " + event.id()));
        }
        message.put("blocks", blocks);
        return new RenderedEvent(event.id(), "application/json; charset=utf-8", json.writeValueAsBytes(message));
    }

    private static Map<String, Object> header(String text) {
        return Map.of("type", "header", "text", Map.of("type", "plain_text", "text", text));
    }

    private static Map<String, Object> section(String markdown) {
        return Map.of("type", "section", "text", mrkdwn(markdown));
    }

    private static Map<String, Object> context(String markdown) {
        return Map.of("type", "context", "elements", List.of(mrkdwn(MessageText.truncate(markdown, MAX_TEXT))));
    }

    private static Map<String, Object> mrkdwn(String text) {
        return Map.of("type", "mrkdwn", "text", text);
    }
}
