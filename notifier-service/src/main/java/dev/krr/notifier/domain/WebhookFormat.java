package dev.krr.notifier.domain;

/** Body format of a webhook subscription. */
public enum WebhookFormat {
    /** CloudEvents 1.0, structured mode ({@code application/cloudevents+json}). */
    CLOUDEVENTS,
    /** Slack incoming webhook with Block Kit blocks. */
    SLACK,
    /** Microsoft Teams incoming webhook carrying an Adaptive Card. */
    TEAMS
}
