package dev.krr.notifier.adapter.in.kafka;

import dev.krr.notifier.adapter.out.kafka.DeadLetterPublisher;
import dev.krr.notifier.app.DeliveryRuntime;
import dev.krr.notifier.app.WebhookDeliverer;
import dev.krr.notifier.app.WebhookFormatter;
import dev.krr.notifier.domain.Subscription;
import dev.krr.notifier.domain.WebhookFormat;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs one {@link WebhookSubscriptionListener} per subscription, each with its own consumer
 * group, thread, HTTP client and circuit breaker ({@code webhook-<id>} in the registry, so its
 * state shows in {@code /actuator/prometheus}).
 */
public final class WebhookListenerRuntime implements DeliveryRuntime {

    private final Map<String, WebhookSubscriptionListener> listeners = new ConcurrentHashMap<>();
    private final Map<WebhookFormat, WebhookFormatter> formatters = new HashMap<>();
    private final Map<String, Object> consumerProperties;
    private final String topic;
    private final String deadLetterTopic;
    private final String groupPrefix;
    private final RecommendationMapper mapper;
    private final Function<Subscription, WebhookDeliverer> delivererFactory;
    private final CircuitBreakerRegistry breakers;
    private final CircuitBreakerConfig breakerConfig;
    private final DeadLetterPublisher deadLetters;
    private final Clock clock;
    private final Duration pollTimeout;

    public WebhookListenerRuntime(Map<String, Object> consumerProperties, String topic, String deadLetterTopic,
                                  String groupPrefix, RecommendationMapper mapper, List<WebhookFormatter> formatters,
                                  Function<Subscription, WebhookDeliverer> delivererFactory,
                                  CircuitBreakerRegistry breakers, CircuitBreakerConfig breakerConfig,
                                  DeadLetterPublisher deadLetters, Clock clock, Duration pollTimeout) {
        this.consumerProperties = Map.copyOf(consumerProperties);
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
        this.groupPrefix = groupPrefix;
        this.mapper = mapper;
        for (WebhookFormatter f : formatters) {
            this.formatters.put(f.format(), f);
        }
        this.delivererFactory = delivererFactory;
        this.breakers = breakers;
        this.breakerConfig = breakerConfig;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
    }

    @Override
    public void start(Subscription subscription) {
        listeners.computeIfAbsent(subscription.id(), id -> {
            WebhookFormatter formatter = formatters.get(subscription.format());
            if (formatter == null) {
                throw new IllegalArgumentException("no formatter for format " + subscription.format());
            }
            CircuitBreaker breaker = breakers.circuitBreaker("webhook-" + id, breakerConfig);
            WebhookSubscriptionListener listener = new WebhookSubscriptionListener(subscription, topic, deadLetterTopic,
                    groupPrefix, consumerProperties, mapper, formatter, delivererFactory.apply(subscription), breaker,
                    deadLetters, clock, pollTimeout);
            listener.start();
            return listener;
        });
    }

    @Override
    public void stop(String subscriptionId) {
        WebhookSubscriptionListener listener = listeners.remove(subscriptionId);
        if (listener != null) {
            listener.stop();
        }
    }

    public void stopAll() {
        for (String id : new ArrayList<>(listeners.keySet())) {
            stop(id);
        }
    }

    /** Subscription ids whose listener is running. */
    public List<String> running() {
        return listeners.values().stream().filter(WebhookSubscriptionListener::isRunning)
                .map(l -> l.subscription().id()).sorted().toList();
    }
}
