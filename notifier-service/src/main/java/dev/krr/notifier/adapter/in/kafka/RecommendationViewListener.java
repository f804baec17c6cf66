package dev.krr.notifier.adapter.in.kafka;

import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.notifier.adapter.out.kafka.DeadLetterPublisher;
import dev.krr.notifier.domain.RecommendationView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Rebuilds the {@link RecommendationView} from the compacted recommendations topic on every start
 * and keeps it current. It reads every partition from the beginning without a consumer group
 * ({@code assign}, no committed offsets) - like a GlobalKTable, each notifier instance holds the
 * whole view - and looks for new partitions every {@code partitionRefresh}. A record that cannot
 * be parsed goes to the topic's dead-letter topic and is skipped.
 */
public final class RecommendationViewListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecommendationViewListener.class);

    private final Map<String, Object> consumerProperties;
    private final String topic;
    private final RecommendationView view;
    private final RecommendationMapper mapper;
    private final DeadLetterPublisher deadLetters;
    private final Duration pollTimeout;
    private final Duration partitionRefresh;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean caughtUp;
    private volatile String failure;
    private volatile Map<TopicPartition, Long> targetOffsets = Map.of();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public RecommendationViewListener(Map<String, Object> consumerProperties, String topic, RecommendationView view,
                                      RecommendationMapper mapper, DeadLetterPublisher deadLetters,
                                      Duration pollTimeout, Duration partitionRefresh) {
        this.consumerProperties = new HashMap<>(consumerProperties);
        this.topic = topic;
        this.view = view;
        this.mapper = mapper;
        this.deadLetters = deadLetters;
        this.pollTimeout = pollTimeout;
        this.partitionRefresh = partitionRefresh;
    }

    @Override
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "krr-notifier-view");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> startEnds = Map.of();
        long nextRefresh = 0;
        try {
            while (running.get()) {
                if (System.nanoTime() - nextRefresh >= 0) {
                    Set<TopicPartition> found = partitions();
                    if (!found.equals(assigned) && found.containsAll(assigned)) {
                        Set<TopicPartition> added = new HashSet<>(found);
                        added.removeAll(assigned);
                        consumer.assign(found);
                        consumer.seekToBeginning(added);
                        if (assigned.isEmpty()) {
                            startEnds = consumer.endOffsets(found);
                            targetOffsets = Map.copyOf(startEnds);
                        }
                        assigned = found;
                        log.info("view reads {} partition(s) of {} from the beginning", found.size(), topic);
                    }
                    nextRefresh = System.nanoTime() + partitionRefresh.toNanos();
                }
                if (assigned.isEmpty()) {
                    sleepQuietly(pollTimeout);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(pollTimeout)) {
                    apply(r);
                }
                if (!caughtUp && reached(startEnds)) {
                    caughtUp = true;
                    log.info("view rebuilt: {} workloads from {} records", view.size(), applied.get());
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            failure = e.toString();
            log.error("recommendation view consumer stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Set<TopicPartition> partitions() {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return Set.of();
        }
        Set<TopicPartition> out = new HashSet<>();
        for (PartitionInfo p : infos == null ? new ArrayList<PartitionInfo>() : infos) {
            out.add(new TopicPartition(topic, p.partition()));
        }
        return out;
    }

    void apply(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.value() == null) {
                view.remove(mapper.workloadOf(r.key()));
            } else {
                view.upsert(mapper.toDomain(Recommendation.parseFrom(r.value())));
            }
            applied.incrementAndGet();
        } catch (Exception e) {
            rejected.incrementAndGet();
            log.warn("recommendation {}@{} key '{}' rejected: {}", r.partition(), r.offset(), r.key(), e.getMessage());
            try {
                deadLetters.publish(Topics.deadLetter(r.topic()), r.topic(), r.partition() + "@" + r.offset(), r.key(),
                        r.value(), e.getClass().getName(), e.getMessage(), Map.of());
            } catch (RuntimeException dlqError) {
                log.error("dead-lettering {}@{} failed: {}", r.partition(), r.offset(), dlqError.getMessage());
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the view has read every partition up to where it ended when the notifier started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Why the view stopped following the topic, if it did: the service then answers from a frozen
     * view, which its health must say (empty while the consumer runs).
     */
    public java.util.Optional<String> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** Records the replay must reach before {@link #caughtUp()}: the end offsets found at start, summed. */
    public long replayTargetRecords() {
        long sum = 0;
        for (Long end : targetOffsets.values()) {
            sum += end;
        }
        return sum;
    }

    public long appliedRecords() {
        return applied.get();
    }

    public long rejectedRecords() {
        return rejected.get();
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
            if (thread != null) {
                try {
                    thread.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }
}
