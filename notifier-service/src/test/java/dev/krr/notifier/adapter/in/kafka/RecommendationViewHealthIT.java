package dev.krr.notifier.adapter.in.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Severity;
import dev.krr.notifier.adapter.out.kafka.DeadLetterPublisher;
import dev.krr.notifier.domain.RecommendationView;
import dev.krr.notifier.fixtures.RecommendationFixtures;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.WithKafkaBroker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Readiness follows the view's replay on a real broker: out of service before the topic has been
 * read, and the first time it reports UP the view already holds every workload the topic had.
 */
@WithKafkaBroker(partitions = 2)
class RecommendationViewHealthIT {

    private static final int WORKLOADS = 200;

    @Test
    void outOfServiceUntilTheViewHasReplayedTheTopic(KafkaBroker broker) throws Exception {
        Map<String, Object> client = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < WORKLOADS; i++) {
                Recommendation r = RecommendationFixtures.rec("prod", "shop", "web-" + i, Severity.SEVERITY_WARNING,
                        "10", "5", 1);
                producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS, Keys.workload(r.getCluster(), r.getNamespace(), r.getKind(), r.getName()), r.toByteArray()));
            }
            producer.flush();
        }

        RecommendationView view = new RecommendationView();
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(
                new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer()), Duration.ofSeconds(10));
        RecommendationViewListener listener = new RecommendationViewListener(Map.of("bootstrap.servers",
                broker.bootstrapServers()), Topics.RECOMMENDATIONS, view, new RecommendationMapper(), deadLetters,
                Duration.ofMillis(50), Duration.ofMillis(200));
        RecommendationViewHealthIndicator health = new RecommendationViewHealthIndicator(listener);
        try {
            assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

            listener.start();
            AtomicInteger sizeWhenFirstUp = new AtomicInteger(-1);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
                Health h = health.health();
                if (h.getStatus().equals(Status.UP)) {
                    sizeWhenFirstUp.set(view.size());
                    return true;
                }
                assertThat(h.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                return false;
            });
            assertThat(sizeWhenFirstUp.get()).isEqualTo(WORKLOADS);
            Health up = health.health();
            assertThat(up.getDetails()).containsEntry("appliedRecords", (long) WORKLOADS)
                    .containsEntry("rejectedRecords", 0L);
        } finally {
            listener.stop();
            deadLetters.close();
        }
    }
}
