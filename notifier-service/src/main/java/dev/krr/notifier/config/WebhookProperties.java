package dev.krr.notifier.config;

import dev.krr.notifier.domain.DeliveryMode;
import dev.krr.notifier.domain.Severity;
import dev.krr.notifier.domain.WebhookFormat;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook delivery settings ({@code krr.notifier.webhooks.*}) and the subscriptions defined in
 * configuration. Every property is documented in docs/notifier-service.md.
 */
@Validated
@ConfigurationProperties(prefix = "krr.notifier.webhooks")
public record WebhookProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue("krr-notifier-webhook-") String groupPrefix,
        @NotBlank @DefaultValue("krr.recommendations.v1.dlq") String deadLetterTopic,
        @NotBlank @DefaultValue("/krr/notifier") String source,
        @Min(1) @Max(100) @DefaultValue("6") int maxAttempts,
        @Valid @NotNull @DefaultValue Backoff backoff,
        @NotNull @DefaultValue("10s") Duration requestTimeout,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("500ms") Duration pollTimeout,
        @Valid @NotNull @DefaultValue Breaker circuitBreaker,
        @DefaultValue("") String storeFile,
        @Valid List<SubscriptionProperties> subscriptions) {

    public WebhookProperties {
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        Set<String> ids = new HashSet<>();
        for (SubscriptionProperties s : subscriptions) {
            if (s != null && !ids.add(s.id())) {
                throw new IllegalArgumentException("krr.notifier.webhooks.subscriptions: id '" + s.id() + "' is used twice");
            }
        }
    }

    /**
     * @param initial       wait after the first failed attempt
     * @param multiplier    growth per further attempt
     * @param max           longest wait between attempts
     * @param jitter        +/- fraction of random spread, 0..1
     * @param maxRetryAfter longest Retry-After honoured
     */
    public record Backoff(
            @NotNull @DefaultValue("1s") Duration initial,
            @DecimalMin("1.0") @DefaultValue("2.0") double multiplier,
            @NotNull @DefaultValue("60s") Duration max,
            @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) @DefaultValue("0.2") double jitter,
            @NotNull @DefaultValue("10m") Duration maxRetryAfter) {
    }

    /**
     * Per-endpoint circuit breaker (resilience4j, count-based window).
     *
     * @param failureRateThreshold      percentage of failed calls that opens the breaker
     * @param slidingWindowSize         calls in the window
     * @param minimumNumberOfCalls      calls before the rate is judged
     * @param waitDurationInOpenState   how long the breaker stays open before probing
     * @param permittedCallsInHalfOpenState probe calls when half-open
     */
    public record Breaker(
            @Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
            @Min(1) @DefaultValue("10") int slidingWindowSize,
            @Min(1) @DefaultValue("5") int minimumNumberOfCalls,
            @NotNull @DefaultValue("30s") Duration waitDurationInOpenState,
            @Min(1) @DefaultValue("1") int permittedCallsInHalfOpenState) {
    }

    /**
     * One subscription in configuration.
     *
     * @param id                   lower-case letters, digits and '-'; names the consumer group and metrics
     * @param url                  http(s) URL receiving POSTs
     * @param secret               HMAC-SHA256 key; empty = unsigned
     * @param format               cloudevents, slack or teams
     * @param mode                 every-change or digest
     * @param digestInterval       digest period
     * @param digestTopPerCluster  workloads listed per cluster in a digest
     * @param clusters             clusters to include; empty = all
     * @param namespaces           regex the whole namespace must match; empty = all
     * @param minSeverity          least severity to notify (UNKNOWN = all)
     * @param minMonthlySavings    least monthly savings to notify (0 = no limit)
     * @param strategy             only recommendations of this strategy; empty = any
     * @param startFrom            earliest (replay the topic) or latest (only new changes) for a new subscription
     */
    public record SubscriptionProperties(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be 1-63 lower-case letters, digits or '-'") String id,
            @NotBlank @Pattern(regexp = "https?://.+", message = "must be an http:// or https:// URL") String url,
            @DefaultValue("") String secret,
            @NotNull @DefaultValue("cloudevents") WebhookFormat format,
            @NotNull @DefaultValue("every-change") DeliveryMode mode,
            @NotNull @DefaultValue("1h") Duration digestInterval,
            @Min(1) @Max(100) @DefaultValue("5") int digestTopPerCluster,
            @DefaultValue("") List<String> clusters,
            @DefaultValue("") String namespaces,
            @NotNull @DefaultValue("unknown") Severity minSeverity,
            @NotNull @DefaultValue("0") BigDecimal minMonthlySavings,
            @DefaultValue("") String strategy,
            @NotNull @Pattern(regexp = "earliest|latest", message = "must be earliest or latest") @DefaultValue("latest") String startFrom) {

        @Override
        public String toString() {
            return "SubscriptionProperties[id=" + id + ", url=" + url + ", secret=" + (secret == null || secret.isEmpty() ? "<none>" : "***")
                    + ", format=" + format + ", mode=" + mode + "]";
        }
    }
}
