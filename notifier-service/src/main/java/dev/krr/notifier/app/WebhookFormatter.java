package dev.krr.notifier.app;

import dev.krr.notifier.domain.WebhookEvent;
import dev.krr.notifier.domain.WebhookFormat;

/** Port: renders an event in one {@link WebhookFormat}. */
public interface WebhookFormatter {

    WebhookFormat format();

    /** Whether the format has something to say about this event type (Slack and Teams skip removals). */
    default boolean supports(WebhookEvent.Type type) {
        return true;
    }

    RenderedEvent render(WebhookEvent event);
}
