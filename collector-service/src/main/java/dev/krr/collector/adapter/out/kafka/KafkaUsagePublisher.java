package dev.krr.collector.adapter.out.kafka;

import dev.krr.collector.app.UsageSink;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.contracts.Headers;
import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.UsageBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes usage batches to {@link Topics#USAGE} and the ingest watermark to
 * {@link Topics#COLLECTOR_WATERMARKS} in ONE Kafka transaction per chunk.
 *
 * <p>Why Kafka and not a file: a file written after the send leaves a window where the batches
 * are out but the watermark is old (a restart would publish them twice), and written before, one
 * where the watermark moved but the batches were lost (a gap). In one transaction, consumers
 * reading {@code read_committed} see either both or neither, and the watermark lives next to the
 * data in the one system the collector already depends on; a collector moved to another machine
 * resumes where the old one stopped. The stable transactional id {@code krr-collector-<cluster>}
 * fences a zombie instance of the same collector.
 */
public class KafkaUsagePublisher implements UsageSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaUsagePublisher.class);

    private final String cluster;
    private final SnapshotMapper mapper;
    private final Map<String, Object> producerProps;
    private final Map<String, Object> consumerProps;
    private final Map<String, Instant> watermarks = new ConcurrentHashMap<>();
    private KafkaProducer<String, byte[]> producer;

    public KafkaUsagePublisher(String cluster, Map<String, Object> producerProps, Map<String, Object> consumerProps) {
        this.cluster = cluster;
        this.mapper = new SnapshotMapper(cluster);
        this.producerProps = new HashMap<>(producerProps);
        this.producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "krr-collector-" + cluster);
        this.producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producerProps.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producerProps.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producerProps.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        this.consumerProps = consumerProps;
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
            producer.initTransactions();
        }
        return producer;
    }

    @Override
    public synchronized void publish(String source, List<UsageWindow> windows, Instant watermark) {
        KafkaProducer<String, byte[]> p = producer();
        try {
            p.beginTransaction();
            byte[] schema = UsageBatch.getDescriptor().getFullName().getBytes(StandardCharsets.UTF_8);
            byte[] clusterHeader = cluster.getBytes(StandardCharsets.UTF_8);
            for (UsageWindow w : windows) {
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.USAGE,
                        Keys.workload(cluster, w.workload().namespace(), w.workload().kind(), w.workload().name()),
                        mapper.usage(w).toByteArray());
                r.headers().add(Headers.SCHEMA, schema);
                r.headers().add(Headers.CLUSTER, clusterHeader);
                p.send(r);
            }
            p.send(new ProducerRecord<>(Topics.COLLECTOR_WATERMARKS, watermarkKey(source),
                    watermark.toString().getBytes(StandardCharsets.UTF_8)));
            p.commitTransaction();
            watermarks.put(source, watermark);
        } catch (RuntimeException e) {
            abort(p);
            throw new IllegalStateException("could not publish " + windows.size() + " usage windows up to " + watermark
                    + ": " + e.getMessage(), e);
        }
    }

    private void abort(KafkaProducer<String, byte[]> p) {
        try {
            p.abortTransaction();
        } catch (KafkaException e) {
            // A fenced or broken producer cannot abort; start over with a fresh one next time.
            log.warn("could not abort the usage transaction ({}); recreating the producer", e.getMessage());
            p.close(Duration.ofSeconds(2));
            producer = null;
        }
    }

    @Override
    public Optional<Instant> watermark(String source) {
        Instant known = watermarks.get(source);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Instant> read = readWatermark(watermarkKey(source));
        read.ifPresent(w -> watermarks.put(source, w));
        return read;
    }

    private String watermarkKey(String source) {
        return Keys.node(cluster, source);
    }

    private Optional<Instant> readWatermark(String key) {
        Map<String, Object> props = new HashMap<>(consumerProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "krr-collector-watermark-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        String value = null;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.COLLECTOR_WATERMARKS, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(Topics.COLLECTOR_WATERMARKS, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        value = r.value();
                    }
                }
            }
        }
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (RuntimeException e) {
            log.warn("ignoring unreadable watermark '{}' for {}: starting a fresh backfill", value, key);
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
