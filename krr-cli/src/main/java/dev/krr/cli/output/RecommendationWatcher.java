package dev.krr.cli.output;

import dev.krr.contracts.ProtobufSerde;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code krr.recommendations.v1} from the beginning (it is compacted: the latest record
 * per workload is its current recommendation) and hands the current set to a renderer when it
 * has changed and the topic has been quiet for {@code settle} — so a burst of recommendations
 * prints one table, not hundreds.
 */
public final class RecommendationWatcher implements AutoCloseable {

    private final KafkaConsumer<String, Recommendation> consumer;
    private final Thread thread;
    private final Map<String, Recommendation> latest = new LinkedHashMap<>();
    private final Duration settle;
    private final Clock clock;
    private final Consumer<Map<String, Recommendation>> onChange;
    private volatile boolean running = true;

    public RecommendationWatcher(String bootstrapServers, Duration settle, Clock clock,
                                 Consumer<Map<String, Recommendation>> onChange) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "krr-cli-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                ProtobufSerde.of(Recommendation.getDefaultInstance()).deserializer());
        this.settle = settle;
        this.clock = clock;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "krr-recommendation-watcher");
        this.thread.setDaemon(true);
    }

    public RecommendationWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        consumer.subscribe(List.of(Topics.RECOMMENDATIONS));
        Instant lastChange = null;
        try {
            while (running) {
                boolean changed = false;
                for (ConsumerRecord<String, Recommendation> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                    changed = true;
                }
                if (changed) {
                    lastChange = clock.instant();
                } else if (lastChange != null && !clock.instant().isBefore(lastChange.plus(settle))) {
                    onChange.accept(Map.copyOf(latest));
                    lastChange = null;
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            System.err.println("krr: recommendation watcher stopped: " + e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
