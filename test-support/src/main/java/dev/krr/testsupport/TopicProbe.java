package dev.krr.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads a topic from the beginning with its own consumer group and keeps every record, so a test
 * can wait (Awaitility, never a sleep) until the records it expects are there.
 */
public final class TopicProbe<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> records = Collections.synchronizedList(new ArrayList<>());

    public TopicProbe(String bootstrapServers, String topic, Deserializer<V> valueDeserializer) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), valueDeserializer);
        consumer.subscribe(List.of(topic));
    }

    /** Polls until a record matches, then returns it; fails after {@code timeout}. */
    public ConsumerRecord<String, V> awaitRecord(Duration timeout, Predicate<ConsumerRecord<String, V>> match) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            poll();
            return records.stream().anyMatch(match);
        });
        synchronized (records) {
            return records.stream().filter(match).reduce((a, b) -> b).orElseThrow();
        }
    }

    /** Polls until at least {@code count} records are there. */
    public List<ConsumerRecord<String, V>> awaitCount(Duration timeout, int count) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            poll();
            return records.size() >= count;
        });
        return snapshot();
    }

    /** Latest value per key (a compacted topic's view); tombstones remove the key. */
    public Map<String, V> latestByKey() {
        poll();
        Map<String, V> latest = new java.util.LinkedHashMap<>();
        for (ConsumerRecord<String, V> r : snapshot()) {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), r.value());
            }
        }
        return latest;
    }

    public List<ConsumerRecord<String, V>> snapshot() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    private void poll() {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(100))) {
            records.add(r);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
