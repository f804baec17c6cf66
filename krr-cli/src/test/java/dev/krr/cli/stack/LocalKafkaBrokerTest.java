package dev.krr.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.TopicCreation;
import dev.krr.contracts.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker {@code krr up} starts in-process: formats, serves, creates krr's topics, restarts on its data. */
class LocalKafkaBrokerTest {

    @Test
    void servesRecordsAndKeepsThemAcrossARestart(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir, 2, Duration.ofSeconds(60))) {
            Map<String, Object> adminConfig = Map.of("bootstrap.servers", broker.bootstrapServers());
            List<String> created = TopicCreation.createMissing(adminConfig, t -> true, t -> 2, Optional.empty());
            assertThat(created).contains(Topics.RECOMMENDATIONS, Topics.deadLetter(Topics.USAGE));
            // existing topics are left alone: asking for more partitions changes nothing
            assertThat(TopicCreation.createMissing(adminConfig, t -> true, t -> 5, Optional.empty())).isEmpty();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, Topics.RECOMMENDATIONS);
                Config config = admin.describeConfigs(List.of(res)).all().get(10, TimeUnit.SECONDS).get(res);
                assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(admin.describeTopics(List.of(Topics.USAGE)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(Topics.USAGE).partitions()).hasSize(2);
            }
            produce(broker.bootstrapServers(), "k", "v1");
        }
        // same data dir: the formatted storage is reused and the record is still there
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir, 2, Duration.ofSeconds(60))) {
            assertThat(consumeOne(broker.bootstrapServers())).isEqualTo("v1");
        }
    }

    private static void produce(String bootstrap, String key, String value) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>("smoke", key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static String consumeOne(String bootstrap) {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "smoke", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("smoke"));
            String[] value = new String[1];
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(200));
                records.forEach(r -> value[0] = r.value());
                return value[0] != null;
            });
            return value[0];
        }
    }
}
