package dev.krr.notifier.app;

import dev.krr.notifier.domain.BackoffPolicy;
import dev.krr.notifier.domain.Subscription;
import dev.krr.notifier.domain.WebhookSigner;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Delivers one rendered event to one subscription: signs it (fresh timestamp per attempt), posts
 * it through the endpoint's circuit breaker, and retries retryable failures with
 * {@link BackoffPolicy} (honouring 429 Retry-After) until {@code maxAttempts}. A call the open
 * breaker refuses counts as a failed attempt and waits at least the breaker's open time, so the
 * next attempt is a half-open probe; a dead endpoint thus reaches its dead letter after the same
 * number of attempts instead of hanging forever, and is spared meanwhile. A 429 is flow control,
 * not a fault: it is paced by Retry-After and not counted by the breaker. The secret never leaves
 * this class except as a signature.
 */
public final class WebhookDeliverer {

    public static final String SIGNATURE_HEADER = "X-Krr-Signature";
    public static final String TIMESTAMP_HEADER = "X-Krr-Timestamp";
    public static final String EVENT_ID_HEADER = "X-Krr-Event-Id";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final String ATTEMPT_HEADER = "X-Krr-Delivery-Attempt";

    private final WebhookSender sender;
    private final WebhookSigner signer = new WebhookSigner();
    private final BackoffPolicy backoff;
    private final int maxAttempts;
    private final Duration requestTimeout;
    private final Clock clock;
    private final DoubleSupplier jitter;
    private final MeterRegistry meters;
    private final Duration breakerOpenWait;

    public WebhookDeliverer(WebhookSender sender, BackoffPolicy backoff, int maxAttempts, Duration requestTimeout,
                            Clock clock, DoubleSupplier jitter, MeterRegistry meters, Duration breakerOpenWait) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts '" + maxAttempts + "' must be >= 1");
        }
        this.sender = sender;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.jitter = jitter;
        this.meters = meters;
        this.breakerOpenWait = breakerOpenWait;
    }

    public DeliveryOutcome deliver(Subscription subscription, CircuitBreaker breaker, RenderedEvent event, Waiter waiter) {
        String lastFailure = "no attempt made";
        Timer latency = meters.timer("krr.notifier.webhook.request", "subscription", subscription.id());
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration retryAfter = null;
            boolean refusedByBreaker = false;
            if (breaker.tryAcquirePermission()) {
                long start = System.nanoTime();
                WebhookSender.SendResult result = sender.post(subscription.url(), event.contentType(), event.body(),
                        headers(subscription, event, attempt), requestTimeout);
                long took = System.nanoTime() - start;
                latency.record(took, TimeUnit.NANOSECONDS);
                if (result.delivered()) {
                    breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                    count(subscription, "delivered");
                    return DeliveryOutcome.delivered(attempt);
                }
                if (result.status() == 429) {
                    // flow control, not a fault: paced by Retry-After, not counted by the breaker
                    breaker.releasePermission();
                } else {
                    breaker.onError(took, TimeUnit.NANOSECONDS, new WebhookFailure(result.describe()));
                }
                lastFailure = result.describe();
                retryAfter = result.retryAfter();
                if (!result.retryable()) {
                    count(subscription, "rejected");
                    return DeliveryOutcome.gaveUp(attempt, lastFailure + " (not retryable)");
                }
            } else {
                refusedByBreaker = true;
            }
            if (attempt == maxAttempts) {
                if (refusedByBreaker) {
                    lastFailure = "circuit breaker open; last failure " + lastFailure;
                }
                break;
            }
            count(subscription, "retried");
            Duration delay = backoff.delay(attempt, retryAfter, jitter.getAsDouble());
            if (refusedByBreaker && delay.compareTo(breakerOpenWait) < 0) {
                delay = breakerOpenWait;
            }
            waiter.await(delay);
        }
        count(subscription, "gave-up");
        return DeliveryOutcome.gaveUp(maxAttempts, "gave up after " + maxAttempts + " attempts: " + lastFailure);
    }

    private Map<String, String> headers(Subscription subscription, RenderedEvent event, int attempt) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EVENT_ID_HEADER, event.eventId());
        headers.put(IDEMPOTENCY_HEADER, event.eventId());
        headers.put(ATTEMPT_HEADER, String.valueOf(attempt));
        if (subscription.signed()) {
            long now = clock.instant().getEpochSecond();
            headers.put(TIMESTAMP_HEADER, String.valueOf(now));
            headers.put(SIGNATURE_HEADER, signer.sign(subscription.secret(), now, event.body()));
        }
        return headers;
    }

    private void count(Subscription subscription, String outcome) {
        meters.counter("krr.notifier.webhook.deliveries", "subscription", subscription.id(), "outcome", outcome).increment();
    }

    /** The failure recorded in the circuit breaker for an unsuccessful response. */
    static final class WebhookFailure extends RuntimeException {
        WebhookFailure(String message) {
            super(message, null, false, false);
        }
    }
}
