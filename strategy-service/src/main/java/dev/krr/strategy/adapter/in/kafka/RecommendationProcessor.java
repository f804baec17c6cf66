package dev.krr.strategy.adapter.in.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.krr.contracts.Headers;
import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.ContainerUsage;
import dev.krr.events.v1.NodeRates;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.UsageBatch;
import dev.krr.events.v1.WorkloadSnapshot;
import dev.krr.strategy.adapter.out.kafka.RecommendationMapper;
import dev.krr.strategy.domain.EmissionPolicy;
import dev.krr.strategy.domain.WorkloadRecommendation;
import dev.krr.strategy.domain.WorkloadRecommender;
import dev.krr.strategy.domain.model.NodeRate;
import dev.krr.strategy.domain.model.Workload;
import dev.krr.strategy.domain.state.ContainerSamples;
import dev.krr.strategy.domain.state.StateCodec;
import dev.krr.strategy.domain.state.WorkloadUsageState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path. Usage batches update the workload's usage state (one store read and write per
 * batch, never a network call); workload snapshots update the workloads table; both mark the
 * workload dirty. A dirty workload keeps the usage state decoded at ingest (up to
 * {@code maxDecodedStates} of them), so its next batches and its recommendation skip the decode;
 * that copy is always what was last written to the store, which every commit still flushes, so
 * exactly-once holds and a restart (which re-runs {@link #init}) simply starts without copies.
 * Every emission interval the dirty workloads are recommended with the node rates
 * from the global rates table, and published when the emission policy says the change is material
 * (or the refresh is due). A record that cannot be parsed or mapped goes to its dead-letter topic
 * with the error in headers, and processing continues.
 */
final class RecommendationProcessor implements Processor<String, byte[], String, Outbound> {

    private static final Logger log = LoggerFactory.getLogger(RecommendationProcessor.class);
    private static final String SERVICE = "strategy-service";
    private static final byte[] SCHEMA = Recommendation.getDescriptor().getFullName().getBytes(StandardCharsets.UTF_8);

    private final StateCodec codec;
    private final WorkloadRecommender recommender;
    private final EmissionPolicy policy;
    private final Clock clock;
    private final Duration emissionInterval;
    private final Duration refreshInterval;
    private final Counters counters;
    private final int maxBackgroundPerInterval;
    /**
     * Workloads whose usage or snapshot changed, recommended at the next punctuation, each with its
     * usage state as last written to the store, or null when not kept (decoded again at emission).
     */
    private final Map<String, WorkloadUsageState> dirty = new LinkedHashMap<>();
    private final int maxDecodedStates;
    private int decodedStates;
    /** Workloads to re-check after a restart, a rates change or for the refresh: a bounded number per punctuation. */
    private final Set<String> background = new LinkedHashSet<>();
    private ProcessorContext<String, Outbound> context;
    private KeyValueStore<String, byte[]> usageStore;
    private KeyValueStore<String, byte[]> workloadStore;
    private KeyValueStore<String, byte[]> emittedStore;
    private TimestampedKeyValueStore<String, byte[]> ratesStore;
    private long ratesChecksum = Long.MIN_VALUE;

    RecommendationProcessor(StateCodec codec, WorkloadRecommender recommender, EmissionPolicy policy, Clock clock,
                            Duration emissionInterval, Duration refreshInterval, int maxBackgroundPerInterval, int maxDecodedStates,
                            Counters counters) {
        this.maxBackgroundPerInterval = maxBackgroundPerInterval;
        this.maxDecodedStates = maxDecodedStates;
        this.codec = codec;
        this.recommender = recommender;
        this.policy = policy;
        this.clock = clock;
        this.emissionInterval = emissionInterval;
        this.refreshInterval = refreshInterval;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
        this.context = context;
        this.usageStore = context.getStateStore(StrategyTopology.USAGE_STORE);
        this.workloadStore = context.getStateStore(StrategyTopology.WORKLOAD_STORE);
        this.emittedStore = context.getStateStore(StrategyTopology.EMITTED_STORE);
        this.ratesStore = context.getStateStore(StrategyTopology.RATES_STORE);
        // init runs again when a task is revived after a failed transaction: its stores are restored, so copies must go
        dirty.clear();
        decodedStates = 0;
        background.clear();
        ratesChecksum = ratesChecksum();
        markAllForRecheck();
        context.schedule(emissionInterval, PunctuationType.WALL_CLOCK_TIME, t -> emitDirty());
        Duration refreshCheck = refreshInterval.dividedBy(10).compareTo(emissionInterval) > 0
                ? refreshInterval.dividedBy(10) : emissionInterval;
        context.schedule(refreshCheck, PunctuationType.WALL_CLOCK_TIME, t -> markAllForRecheck());
    }

    @Override
    public void close() {
        dirty.clear();
        decodedStates = 0;
        background.clear();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        try {
            if (Topics.USAGE.equals(topic)) {
                onUsage(record.key(), record.value());
            } else if (Topics.WORKLOADS.equals(topic)) {
                onWorkload(record.key(), record.value());
            }
        } catch (RuntimeException | InvalidProtocolBufferException e) {
            deadLetter(record, topic, e);
        }
    }

    private void onUsage(String key, byte[] value) throws InvalidProtocolBufferException {
        if (value == null) {
            return;
        }
        Keys.parseWorkload(key);
        UsageBatch batch = UsageBatch.parseFrom(value);
        UsageMapper.validate(batch);
        List<ContainerSamples> samples = new ArrayList<>(batch.getContainersCount());
        for (ContainerUsage c : batch.getContainersList()) {
            samples.add(UsageMapper.toSamples(batch, c));
        }
        WorkloadUsageState kept = dirty.get(key);
        WorkloadUsageState state = kept != null ? kept : codec.decode(usageStore.get(key));
        long start = UsageMapper.millis(batch.getWindowStart());
        if (state.isReplay(batch.getSource(), start)) {
            counters.replays.increment();
            return;
        }
        try {
            for (int i = 0; i < samples.size(); i++) {
                state.container(batch.getContainers(i).getContainer()).add(samples.get(i));
            }
            state.markIngested(batch.getSource(), UsageMapper.millis(batch.getWindowEnd()));
            usageStore.put(key, codec.encode(state));
        } catch (RuntimeException e) {
            // the copy may be half-updated while the store is not: never use it again
            forgetDecoded(key);
            throw e;
        }
        counters.batches.increment();
        if (kept == null) {
            if (decodedStates < maxDecodedStates) {
                decodedStates++;
                dirty.put(key, state);
            } else {
                dirty.putIfAbsent(key, null);
            }
        }
    }

    /** Keeps the workload dirty but drops its decoded copy. */
    private void forgetDecoded(String key) {
        if (dirty.get(key) != null) {
            dirty.put(key, null);
            decodedStates--;
        }
    }

    private void undirty(String key) {
        if (dirty.remove(key) != null) {
            decodedStates--;
        }
    }

    private void onWorkload(String key, byte[] value) throws InvalidProtocolBufferException {
        Keys.parseWorkload(key);
        if (value == null) {
            workloadStore.delete(key);
            usageStore.delete(key);
            undirty(key);
            background.remove(key);
            if (emittedStore.delete(key) != null) {
                context.forward(new Record<>(key, new Outbound(Topics.RECOMMENDATIONS, null), clock.millis()));
                counters.tombstones.increment();
            }
            return;
        }
        WorkloadMapper.toDomain(WorkloadSnapshot.parseFrom(value));
        workloadStore.put(key, value);
        dirty.putIfAbsent(key, null);
    }

    private void deadLetter(Record<String, byte[]> record, String topic, Exception e) {
        log.warn("record {} on {} sent to {}: {}", record.key(), topic, Topics.deadLetter(topic), e.getMessage());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        String position = context.recordMetadata().map(m -> m.partition() + "@" + m.offset()).orElse("");
        headers.add(Headers.DLQ_ORIGINAL_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DLQ_ORIGINAL_POSITION, position.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DLQ_ERROR_CLASS, e.getClass().getName().getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DLQ_ERROR_MESSAGE, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.DLQ_SERVICE, SERVICE.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(record.key(), new Outbound(Topics.deadLetter(topic), record.value()), record.timestamp(), headers));
        counters.deadLetters.increment();
    }

    private void markAllForRecheck() {
        try (KeyValueIterator<String, byte[]> it = workloadStore.all()) {
            while (it.hasNext()) {
                background.add(it.next().key);
            }
        }
    }

    /** Node rates arrive in a global table the processor is not told about; a cheap checksum notices them. */
    private void checkRates() {
        long sum = ratesChecksum();
        if (sum != ratesChecksum) {
            ratesChecksum = sum;
            markAllForRecheck();
        }
    }

    private long ratesChecksum() {
        long sum = 0;
        try (KeyValueIterator<String, ValueAndTimestamp<byte[]>> it = ratesStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, ValueAndTimestamp<byte[]>> kv = it.next();
                sum = sum * 31 + kv.key.hashCode() * 17L + Arrays.hashCode(kv.value.value());
            }
        }
        return sum;
    }

    /**
     * Changed workloads first, all of them; then at most {@code maxBackgroundPerInterval} of the
     * re-checks, so a restart or a price change over a large fleet never stalls ingestion.
     */
    private void emitDirty() {
        checkRates();
        if (dirty.isEmpty() && background.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, NodeRate> rateCache = new HashMap<>();
        Map<String, WorkloadUsageState> keys = new LinkedHashMap<>(dirty);
        background.removeAll(dirty.keySet());
        dirty.clear();
        decodedStates = 0;
        java.util.Iterator<String> it = background.iterator();
        for (int n = 0; n < maxBackgroundPerInterval && it.hasNext(); n++) {
            keys.put(it.next(), null);
            it.remove();
        }
        for (Map.Entry<String, WorkloadUsageState> e : keys.entrySet()) {
            String key = e.getKey();
            try {
                emit(key, e.getValue(), now, rateCache);
            } catch (RuntimeException | InvalidProtocolBufferException ex) {
                counters.failures.increment();
                log.warn("could not recommend {}: {}", key, ex.toString());
            }
        }
    }

    /** @param decoded the workload's usage state as last stored, or null to read it from the store */
    private void emit(String key, WorkloadUsageState decoded, Instant now, Map<String, NodeRate> rateCache)
            throws InvalidProtocolBufferException {
        byte[] workloadBytes = workloadStore.get(key);
        if (workloadBytes == null) {
            return;
        }
        Workload workload = WorkloadMapper.toDomain(WorkloadSnapshot.parseFrom(workloadBytes));
        WorkloadUsageState usage = decoded != null ? decoded : codec.decode(usageStore.get(key));
        Map<String, NodeRate> rates = new HashMap<>();
        for (Workload.PodPlacement p : workload.pods()) {
            if (p.node() != null && !p.node().isEmpty()) {
                NodeRate r = rate(workload.cluster(), p.node(), rateCache);
                if (r != null) {
                    rates.put(p.node(), r);
                }
            }
        }
        WorkloadRecommendation rec = recommender.recommend(workload, usage, rates, now);
        byte[] previousBytes = emittedStore.get(key);
        Recommendation previous = previousBytes == null ? null : Recommendation.parseFrom(previousBytes);
        long revision = previous == null ? 1 : previous.getRevision() + 1;
        Recommendation next = RecommendationMapper.toProto(rec, revision);
        Instant lastEmittedAt = previous == null ? null
                : Instant.ofEpochSecond(previous.getComputedAt().getSeconds(), previous.getComputedAt().getNanos());
        // the same decision as policy.shouldEmit on the two fingerprints, without building them
        if (previous != null && !policy.isRefreshDue(lastEmittedAt, now)
                && !RecommendationMapper.materiallyDifferent(previous, next, policy)) {
            counters.suppressed.increment();
            return;
        }
        byte[] bytes = next.toByteArray();
        emittedStore.put(key, bytes);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.SCHEMA, SCHEMA);
        headers.add(Headers.CLUSTER, workload.cluster().getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(key, new Outbound(Topics.RECOMMENDATIONS, bytes), now.toEpochMilli(), headers));
        counters.emitted.increment();
    }

    private NodeRate rate(String cluster, String node, Map<String, NodeRate> cache) {
        String key = Keys.node(cluster, node);
        if (cache.containsKey(key)) {
            return cache.get(key);
        }
        NodeRate rate = null;
        ValueAndTimestamp<byte[]> v = ratesStore.get(key);
        if (v != null && v.value() != null) {
            try {
                rate = NodeRatesMapper.toDomain(NodeRates.parseFrom(v.value()));
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                counters.badRates.increment();
                log.warn("ignoring unreadable node rates of {}: {}", key, e.getMessage());
            }
        }
        cache.put(key, rate);
        return rate;
    }

    /** Counters of what the processor did, exported as {@code krr_strategy_*}. */
    static final class Counters {
        final Counter batches;
        final Counter replays;
        final Counter deadLetters;
        final Counter emitted;
        final Counter suppressed;
        final Counter tombstones;
        final Counter failures;
        final Counter badRates;

        Counters(MeterRegistry registry) {
            batches = registry.counter("krr.strategy.usage.batches");
            replays = registry.counter("krr.strategy.usage.replays.skipped");
            deadLetters = registry.counter("krr.strategy.dead.letters");
            emitted = registry.counter("krr.strategy.recommendations.emitted");
            suppressed = registry.counter("krr.strategy.recommendations.suppressed");
            tombstones = registry.counter("krr.strategy.recommendations.tombstones");
            failures = registry.counter("krr.strategy.recommendations.failures");
            badRates = registry.counter("krr.strategy.node.rates.unreadable");
        }
    }
}
