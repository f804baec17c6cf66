package dev.krr.notifier.adapter.in.web;

import dev.krr.notifier.domain.DeliveryMode;
import dev.krr.notifier.domain.Severity;
import dev.krr.notifier.domain.Subscription;
import dev.krr.notifier.domain.SubscriptionFilter;
import dev.krr.notifier.domain.WebhookFormat;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A subscription as JSON: the body of {@code POST /api/v1/subscriptions} and an entry of the
 * subscription store file. Durations are ISO-8601 ({@code PT1H}) or seconds. Responses use
 * {@link View}, which never contains the secret.
 */
public record SubscriptionDocument(String id, String url, String secret, String format, String mode,
                                   String digestInterval, Integer digestTopPerCluster, List<String> clusters,
                                   String namespaces, String minSeverity, String minMonthlySavings, String strategy,
                                   String startFrom) {

    /** What the API shows of a subscription: everything but the secret, plus whether it is signed. */
    public record View(String id, String url, boolean signed, String format, String mode, String digestInterval,
                       int digestTopPerCluster, List<String> clusters, String namespaces, String minSeverity,
                       String minMonthlySavings, String strategy, String startFrom, String origin) {
    }

    /** Converts to the domain; every bad value is an {@link IllegalArgumentException} naming the field. */
    public Subscription toDomain(Subscription.Origin origin) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("subscription field 'id' is required");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("subscription " + id + ": field 'url' is required");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("subscription " + id + ": url '" + url + "' is not a URI: " + e.getReason());
        }
        SubscriptionFilter filter = new SubscriptionFilter(
                clusters == null ? Set.of() : clusters.stream().filter(c -> c != null && !c.isBlank()).map(String::trim)
                        .collect(java.util.stream.Collectors.toSet()),
                Subscription.namespacePattern(id, namespaces),
                minSeverity == null || minSeverity.isBlank() ? Severity.UNKNOWN : Severity.parse("minSeverity", minSeverity),
                decimal("minMonthlySavings", minMonthlySavings),
                strategy);
        String start = startFrom == null || startFrom.isBlank() ? "latest" : startFrom.trim().toLowerCase(Locale.ROOT);
        if (!start.equals("latest") && !start.equals("earliest")) {
            throw new IllegalArgumentException("subscription " + id + ": startFrom '" + startFrom + "' must be earliest or latest");
        }
        return new Subscription(id, uri, secret, enumValue(WebhookFormat.class, "format", format, WebhookFormat.CLOUDEVENTS),
                enumValue(DeliveryMode.class, "mode", mode, DeliveryMode.EVERY_CHANGE),
                duration("digestInterval", digestInterval), digestTopPerCluster == null ? 5 : digestTopPerCluster,
                filter, start.equals("earliest"), origin);
    }

    public static SubscriptionDocument of(Subscription s) {
        SubscriptionFilter f = s.filter();
        return new SubscriptionDocument(s.id(), s.url().toString(), s.secret(), name(s.format()), name(s.mode()),
                s.digestInterval().toString(), s.digestTopPerCluster(), List.copyOf(f.clusters()),
                f.namespaces() == null ? "" : f.namespaces().pattern(), f.minSeverity().name(),
                f.minMonthlySavings().toPlainString(), f.strategy() == null ? "" : f.strategy(),
                s.startFromEarliest() ? "earliest" : "latest");
    }

    public static View view(Subscription s) {
        SubscriptionDocument d = of(s);
        return new View(d.id, d.url, s.signed(), d.format, d.mode, d.digestInterval, d.digestTopPerCluster,
                d.clusters, d.namespaces, d.minSeverity, d.minMonthlySavings, d.strategy, d.startFrom, s.origin().name());
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, String field, String value, E fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String normalised = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(normalised)) {
                return e;
            }
        }
        throw new IllegalArgumentException("subscription " + id + ": " + field + " '" + value + "' is not one of "
                + java.util.Arrays.stream(type.getEnumConstants()).map(SubscriptionDocument::name).toList());
    }

    private BigDecimal decimal(String field, String value) {
        if (value == null || value.isBlank()) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("subscription " + id + ": " + field + " '" + value + "' is not a decimal number");
        }
    }

    private Duration duration(String field, String value) {
        if (value == null || value.isBlank()) {
            return Duration.ofHours(1);
        }
        try {
            return value.trim().matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value.trim())) : Duration.parse(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("subscription " + id + ": " + field + " '" + value
                    + "' is not an ISO-8601 duration (PT1H) or a number of seconds");
        }
    }

    @Override
    public String toString() {
        return "SubscriptionDocument[id=" + id + ", url=" + url + ", secret=***]";
    }
}
