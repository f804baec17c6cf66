package dev.krr.notifier.domain;

import java.time.Duration;

/**
 * How long to wait before the next delivery attempt: exponential growth from {@code initial} by
 * {@code multiplier}, capped at {@code max}, spread by +/- {@code jitter} so that endpoints
 * recovering together are not hammered in lockstep. A receiver's {@code Retry-After} wins when
 * it asks for longer (capped at {@code maxRetryAfter}, so a receiver cannot park a delivery for
 * a day).
 *
 * <p>Worked numbers, initial 1 s, multiplier 2, max 60 s, jitter 0.2: attempt 1 failed -> 1 s
 * (0.8..1.2 s), attempt 2 -> 2 s (1.6..2.4), attempt 3 -> 4 s, attempt 7 -> 64 s capped to
 * 60 s (48..60 s: jitter never exceeds max). A 429 with Retry-After 30 s after attempt 1
 * waits 30 s.
 */
public record BackoffPolicy(Duration initial, double multiplier, Duration max, double jitter, Duration maxRetryAfter) {

    public BackoffPolicy {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial '" + initial + "' must be positive");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("backoff multiplier '" + multiplier + "' must be >= 1");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max '" + max + "' must be >= initial '" + initial + "'");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("backoff jitter '" + jitter + "' must be in [0, 1)");
        }
    }

    /**
     * Delay after failed attempt number {@code attempt} (1-based).
     *
     * @param retryAfter  the receiver's Retry-After, or null
     * @param unitJitter  a uniform sample in [0, 1) (injected so tests are exact)
     */
    public Duration delay(int attempt, Duration retryAfter, double unitJitter) {
        double baseMillis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(baseMillis, max.toMillis());
        double factor = 1.0 + jitter * (2 * unitJitter - 1);
        long millis = Math.round(Math.min(capped * factor, max.toMillis()));
        Duration backoff = Duration.ofMillis(Math.max(1, millis));
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration asked = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
            return asked.compareTo(backoff) > 0 ? asked : backoff;
        }
        return backoff;
    }
}
