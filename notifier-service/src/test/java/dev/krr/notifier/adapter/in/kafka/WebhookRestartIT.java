package dev.krr.notifier.adapter.in.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Severity;
import dev.krr.notifier.adapter.out.kafka.DeadLetterPublisher;
import dev.krr.notifier.adapter.out.webhook.CloudEventsFormatter;
import dev.krr.notifier.adapter.out.webhook.HttpWebhookClient;
import dev.krr.notifier.app.WebhookDeliverer;
import dev.krr.notifier.domain.BackoffPolicy;
import dev.krr.notifier.domain.DeliveryMode;
import dev.krr.notifier.domain.Subscription;
import dev.krr.notifier.domain.SubscriptionFilter;
import dev.krr.notifier.domain.WebhookFormat;
import dev.krr.notifier.fixtures.RecommendationFixtures;
import dev.krr.notifier.fixtures.WebhookReceiver;
import dev.krr.notifier.fixtures.WebhookReceiver.Reply;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.WithKafkaBroker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery state survives a restart: events that could not be delivered before a shutdown are
 * delivered by the next instance of the subscription, and events already delivered are not sent
 * again (their offsets were committed after delivery).
 */
@WithKafkaBroker(partitions = 1)
class WebhookRestartIT {

    @Test
    void undeliveredEventsAreDeliveredAfterRestartAndDeliveredOnesAreNotRepeated(KafkaBroker broker) throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(r -> new Reply(503, null, 0));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer());
             DeadLetterPublisher dlq = new DeadLetterPublisher(new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer()), Duration.ofSeconds(10))) {
            Subscription sub = new Subscription("restart", URI.create(receiver.url()), "k", WebhookFormat.CLOUDEVENTS,
                    DeliveryMode.EVERY_CHANGE, null, 5, SubscriptionFilter.ANY, true, Subscription.Origin.CONFIG);
            for (String name : List.of("a", "b", "c")) {
                send(producer, RecommendationFixtures.rec("prod", "ns", name, Severity.SEVERITY_WARNING, "10", "5", 1));
            }

            // first instance: the endpoint is down, the first event keeps being retried
            WebhookSubscriptionListener first = listener(sub, broker, dlq);
            first.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() >= 2);
            first.stop();
            assertThat(receiver.delivered()).isEmpty();

            // second instance: the endpoint is back; all three arrive
            receiver.behave(r -> Reply.ok());
            WebhookSubscriptionListener second = listener(sub, broker, dlq);
            second.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() >= 3);
            Set<String> firstThree = new HashSet<>();
            receiver.delivered().forEach(r -> firstThree.add(r.header("Idempotency-Key")));
            assertThat(firstThree).hasSize(3);
            // the refused attempts carried the same idempotency key as the later successful one
            assertThat(receiver.received().get(0).header("Idempotency-Key")).isIn(firstThree);
            second.stop();

            // third instance: only the new event arrives; the three delivered ones are not repeated
            send(producer, RecommendationFixtures.rec("prod", "ns", "d", Severity.SEVERITY_WARNING, "10", "5", 1));
            WebhookSubscriptionListener third = listener(sub, broker, dlq);
            third.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() >= 4);
            third.stop();
            assertThat(receiver.delivered()).hasSize(4);
            assertThat(receiver.delivered().get(3).header("Idempotency-Key")).isNotIn(firstThree);
        }
    }

    private static WebhookSubscriptionListener listener(Subscription sub, KafkaBroker broker, DeadLetterPublisher dlq) {
        JsonMapper json = JsonMapper.builder().build();
        WebhookDeliverer deliverer = new WebhookDeliverer(new HttpWebhookClient(Duration.ofSeconds(2), Clock.systemUTC()),
                new BackoffPolicy(Duration.ofMillis(200), 1.0, Duration.ofMillis(200), 0.0, Duration.ofSeconds(1)),
                100, Duration.ofSeconds(5), Clock.systemUTC(), () -> 0.5, new SimpleMeterRegistry(), Duration.ofMillis(200));
        return new WebhookSubscriptionListener(sub, Topics.RECOMMENDATIONS, Topics.deadLetter(Topics.RECOMMENDATIONS),
                "it-", Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new RecommendationMapper(), new CloudEventsFormatter(json, "/test"), deliverer,
                CircuitBreaker.ofDefaults("restart"), dlq, Clock.systemUTC(), Duration.ofMillis(100));
    }

    private static void send(KafkaProducer<String, byte[]> producer, Recommendation r) throws Exception {
        producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS,
                Keys.workload(r.getCluster(), r.getNamespace(), r.getKind(), r.getName()), r.toByteArray())).get();
    }
}
