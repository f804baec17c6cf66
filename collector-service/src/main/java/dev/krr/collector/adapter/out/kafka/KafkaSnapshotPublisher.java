package dev.krr.collector.adapter.out.kafka;

import dev.krr.collector.app.SnapshotSink;
import dev.krr.collector.domain.NodeState;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import dev.krr.contracts.Headers;
import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.NodeSnapshot;
import dev.krr.events.v1.WorkloadSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes workload and node snapshots to the compacted topics {@link Topics#WORKLOADS} and
 * {@link Topics#NODES} (key {@link Keys#workload}/{@link Keys#node}, tombstone on delete), with an
 * idempotent producer so a retried send never duplicates or reorders a key's updates.
 */
public class KafkaSnapshotPublisher implements SnapshotSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSnapshotPublisher.class);

    private final String cluster;
    private final SnapshotMapper mapper;
    private final Clock clock;
    private final Map<String, Object> consumerProps;
    private final KafkaProducer<String, byte[]> producer;

    public KafkaSnapshotPublisher(String cluster, Map<String, Object> producerProps, Map<String, Object> consumerProps,
            Clock clock) {
        this.cluster = cluster;
        this.mapper = new SnapshotMapper(cluster);
        this.clock = clock;
        this.consumerProps = consumerProps;
        Map<String, Object> props = new HashMap<>(producerProps);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void publishWorkload(WorkloadState state) {
        WorkloadSnapshot s = mapper.workload(state, clock.instant());
        send(Topics.WORKLOADS, workloadKey(state.id()), s.toByteArray(), WorkloadSnapshot.getDescriptor().getFullName());
    }

    @Override
    public void deleteWorkload(WorkloadId id) {
        send(Topics.WORKLOADS, workloadKey(id), null, WorkloadSnapshot.getDescriptor().getFullName());
    }

    @Override
    public void publishNode(NodeState state) {
        NodeSnapshot s = mapper.node(state, clock.instant());
        send(Topics.NODES, Keys.node(cluster, state.name()), s.toByteArray(), NodeSnapshot.getDescriptor().getFullName());
    }

    @Override
    public void deleteNode(String node) {
        send(Topics.NODES, Keys.node(cluster, node), null, NodeSnapshot.getDescriptor().getFullName());
    }

    private String workloadKey(WorkloadId id) {
        return Keys.workload(cluster, id.namespace(), id.kind(), id.name());
    }

    private void send(String topic, String key, byte[] value, String schema) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(Headers.SCHEMA, schema.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Headers.CLUSTER, cluster.getBytes(StandardCharsets.UTF_8));
        producer.send(record, (meta, e) -> {
            if (e != null) {
                log.error("could not publish {} to {}: {}", key, topic, e.toString());
            }
        });
    }

    @Override
    public Set<WorkloadId> existingWorkloads() {
        Set<WorkloadId> out = new HashSet<>();
        for (String key : liveKeys(Topics.WORKLOADS)) {
            try {
                Keys.WorkloadKey k = Keys.parseWorkload(key);
                if (k.cluster().equals(cluster)) {
                    out.add(new WorkloadId(k.namespace(), k.kind(), k.name()));
                }
            } catch (IllegalArgumentException e) {
                log.warn("ignoring malformed key on {}: {}", Topics.WORKLOADS, e.getMessage());
            }
        }
        return out;
    }

    @Override
    public Set<String> existingNodes() {
        Set<String> out = new HashSet<>();
        for (String key : liveKeys(Topics.NODES)) {
            try {
                Keys.NodeKey k = Keys.parseNode(key);
                if (k.cluster().equals(cluster)) {
                    out.add(k.node());
                }
            } catch (IllegalArgumentException e) {
                log.warn("ignoring malformed key on {}: {}", Topics.NODES, e.getMessage());
            }
        }
        return out;
    }

    /** Keys whose latest record on {@code topic} is not a tombstone, read from the beginning to the end offsets. */
    private Set<String> liveKeys(String topic) {
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "krr-collector-resync-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        Set<String> live = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return live;
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        live.remove(r.key());
                    } else {
                        live.add(r.key());
                    }
                }
            }
        }
        return live;
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
