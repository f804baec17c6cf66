package dev.krr.notifier.config;

import dev.krr.notifier.adapter.in.kafka.RecommendationMapper;
import dev.krr.notifier.adapter.in.kafka.WebhookListenerRuntime;
import dev.krr.notifier.adapter.in.web.SubscriptionDocument;
import dev.krr.notifier.adapter.out.file.FileSubscriptionStore;
import dev.krr.notifier.adapter.out.kafka.DeadLetterPublisher;
import dev.krr.notifier.adapter.out.webhook.CloudEventsFormatter;
import dev.krr.notifier.adapter.out.webhook.HttpWebhookClient;
import dev.krr.notifier.adapter.out.webhook.SlackFormatter;
import dev.krr.notifier.adapter.out.webhook.TeamsFormatter;
import dev.krr.notifier.app.SubscriptionService;
import dev.krr.notifier.app.WebhookDeliverer;
import dev.krr.notifier.domain.BackoffPolicy;
import dev.krr.notifier.domain.Subscription;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires webhook subscriptions, their delivery runtime, formatters and the subscription store. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    @Bean
    JsonMapper webhookJson() {
        return JsonMapper.builder().build();
    }

    @Bean
    WebhookListenerRuntime webhookListenerRuntime(KafkaProperties kafka, NotifierProperties notifier,
                                                  WebhookProperties props, RecommendationMapper mapper,
                                                  JsonMapper webhookJson, ObjectProvider<CircuitBreakerRegistry> registry,
                                                  DeadLetterPublisher deadLetters, Clock clock, MeterRegistry meters) {
        BackoffPolicy backoff = new BackoffPolicy(props.backoff().initial(), props.backoff().multiplier(),
                props.backoff().max(), props.backoff().jitter(), props.backoff().maxRetryAfter());
        WebhookProperties.Breaker b = props.circuitBreaker();
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(b.failureRateThreshold())
                .slidingWindowSize(b.slidingWindowSize())
                .minimumNumberOfCalls(b.minimumNumberOfCalls())
                .waitDurationInOpenState(b.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(b.permittedCallsInHalfOpenState())
                .build();
        Map<String, Object> consumer = kafka.buildConsumerProperties();
        return new WebhookListenerRuntime(consumer, notifier.recommendationsTopic(), props.deadLetterTopic(),
                props.groupPrefix(), mapper,
                List.of(new CloudEventsFormatter(webhookJson, props.source()), new SlackFormatter(webhookJson),
                        new TeamsFormatter(webhookJson)),
                subscription -> new WebhookDeliverer(new HttpWebhookClient(props.connectTimeout(), clock), backoff,
                        props.maxAttempts(), props.requestTimeout(), clock,
                        () -> ThreadLocalRandom.current().nextDouble(), meters, b.waitDurationInOpenState()),
                registry.getIfAvailable(CircuitBreakerRegistry::ofDefaults), breakerConfig, deadLetters, clock,
                props.pollTimeout());
    }

    @Bean
    SubscriptionService subscriptionService(WebhookProperties props, WebhookListenerRuntime runtime, JsonMapper webhookJson) {
        List<Subscription> configured = new ArrayList<>();
        for (WebhookProperties.SubscriptionProperties s : props.subscriptions()) {
            configured.add(new SubscriptionDocument(s.id(), s.url(), s.secret(), s.format().name(), s.mode().name(),
                    s.digestInterval().toString(), s.digestTopPerCluster(), s.clusters(), s.namespaces(),
                    s.minSeverity().name(), s.minMonthlySavings().toPlainString(), s.strategy(), s.startFrom())
                    .toDomain(Subscription.Origin.CONFIG));
        }
        Path store = props.storeFile().isBlank() ? null : Path.of(props.storeFile());
        return new SubscriptionService(configured, new FileSubscriptionStore(store, webhookJson), runtime);
    }

    @Bean
    SmartLifecycle webhookDeliveryLifecycle(WebhookProperties props, SubscriptionService subscriptions,
                                            WebhookListenerRuntime runtime) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                if (props.enabled()) {
                    subscriptions.startAll();
                }
                running = true;
            }

            @Override
            public void stop() {
                runtime.stopAll();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
