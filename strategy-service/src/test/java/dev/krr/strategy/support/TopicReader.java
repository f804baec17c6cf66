package dev.krr.strategy.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads every partition of a topic from the beginning by assignment (no consumer group to join),
 * read-committed, and keeps the records; tests wait on it with Awaitility. All polling happens on
 * the calling thread.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private boolean assigned;

    public TopicReader(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    private void poll() {
        if (!assigned) {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(5));
            List<PartitionInfo> partitions = topics.get(topic);
            if (partitions == null || partitions.isEmpty()) {
                return;
            }
            List<TopicPartition> tps = partitions.stream().map(pi -> new TopicPartition(topic, pi.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            assigned = true;
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }

    /** Waits until a record matches and returns the latest such record. */
    public ConsumerRecord<String, byte[]> await(Duration timeout, Predicate<ConsumerRecord<String, byte[]>> match) {
        Awaitility.await().atMost(timeout).pollInSameThread().pollInterval(Duration.ofMillis(50)).until(() -> {
            poll();
            return records.stream().anyMatch(match);
        });
        return records.stream().filter(match).reduce((a, b) -> b).orElseThrow();
    }

    /** Everything read so far (polls once more first). */
    public List<ConsumerRecord<String, byte[]>> all() {
        poll();
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
