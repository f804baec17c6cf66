package dev.krr.notifier.domain;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A webhook endpoint and what it wants: filter, delivery mode (every change or a digest every
 * {@code digestInterval} with the top {@code digestTopPerCluster} savings per cluster) and body
 * format. The secret signs every body (HMAC-SHA256); {@link #toString()} never shows it.
 *
 * @param startFromEarliest a new subscription first reads the whole topic (true) or only
 *                          changes from now on (false)
 */
public record Subscription(
        String id,
        URI url,
        String secret,
        WebhookFormat format,
        DeliveryMode mode,
        Duration digestInterval,
        int digestTopPerCluster,
        SubscriptionFilter filter,
        boolean startFromEarliest,
        Origin origin) {

    /** Where a subscription was defined; configured ones cannot be deleted over the API. */
    public enum Origin { CONFIG, API }

    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(filter, "filter");
        if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("subscription id '" + id + "' must be 1-63 lower-case letters, digits or '-'");
        }
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException("subscription " + id + ": url '" + url + "' must be an http:// or https:// URL with a host");
        }
        if (digestTopPerCluster < 1) {
            throw new IllegalArgumentException("subscription " + id + ": digestTopPerCluster '" + digestTopPerCluster + "' must be >= 1");
        }
        secret = secret == null ? "" : secret;
        digestInterval = digestInterval == null ? Duration.ofHours(1) : digestInterval;
        if (digestInterval.isNegative() || digestInterval.isZero()) {
            throw new IllegalArgumentException("subscription " + id + ": digestInterval '" + digestInterval + "' must be positive");
        }
        origin = origin == null ? Origin.CONFIG : origin;
    }

    /** Compiles a namespace regex, naming the subscription and field when it is invalid; blank = any. */
    public static java.util.regex.Pattern namespacePattern(String id, String regex) {
        if (regex == null || regex.isBlank()) {
            return null;
        }
        try {
            return java.util.regex.Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("subscription " + id + ": namespaces '" + regex + "' is not a valid regex: "
                    + e.getDescription());
        }
    }

    public boolean signed() {
        return !secret.isEmpty();
    }

    @Override
    public String toString() {
        return "Subscription[id=" + id + ", url=" + url + ", secret=" + (signed() ? "***" : "<none>") + ", format="
                + format + ", mode=" + mode + ", filter=" + filter + ", origin=" + origin + "]";
    }
}
