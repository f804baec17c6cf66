package dev.krr.strategy.adapter.in.kafka;

import dev.krr.contracts.Topics;
import dev.krr.strategy.domain.EmissionPolicy;
import dev.krr.strategy.domain.WorkloadRecommender;
import dev.krr.strategy.domain.state.StateCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The strategy's Kafka Streams topology:
 * <pre>
 *   krr.usage.v1 ─┐                                  ┌─► krr.recommendations.v1
 *                 ├─► recommender (usage-state, ─────┤
 * krr.workloads.v1┘    workloads, emitted stores)    └─► krr.usage.v1.dlq / krr.workloads.v1.dlq
 *   krr.node-rates.v1 ─► global table node-rates (read by the recommender)
 * </pre>
 * Usage and workloads share the workload key, so one workload's state lives in one task. Stores are
 * persistent (RocksDB) with changelog topics and the record cache ({@code statestore.cache.max.bytes},
 * flushed at every commit); node rates are global because they are keyed by node.
 */
public final class StrategyTopology {

    public static final String USAGE_STORE = "usage-state";
    public static final String WORKLOAD_STORE = "workloads";
    public static final String EMITTED_STORE = "emitted";
    public static final String RATES_STORE = "node-rates";

    private StrategyTopology() {
    }

    public static void build(StreamsBuilder builder, StateCodec codec, WorkloadRecommender recommender, EmissionPolicy policy,
                             Clock clock, Duration emissionInterval, Duration refreshInterval, int maxRecheckPerInterval,
                             int maxDecodedStates, MeterRegistry registry) {
        builder.globalTable(Topics.NODE_RATES, Consumed.with(Serdes.String(), Serdes.ByteArray()),
                Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(RATES_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        for (String store : List.of(USAGE_STORE, WORKLOAD_STORE, EMITTED_STORE)) {
            // Kafka Streams' record cache: a key written several times between two commits (a workload's 12 backfill
            // batches in a row) reaches RocksDB and its changelog once, at the commit, inside the transaction
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(),
                    Serdes.ByteArray()).withCachingEnabled());
        }
        RecommendationProcessor.Counters counters = new RecommendationProcessor.Counters(registry);
        builder.stream(List.of(Topics.USAGE, Topics.WORKLOADS), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new RecommendationProcessor(codec, recommender, policy, clock, emissionInterval, refreshInterval,
                        maxRecheckPerInterval, maxDecodedStates, counters), USAGE_STORE, WORKLOAD_STORE, EMITTED_STORE)
                .to(Outbound.TOPIC, Produced.with(Serdes.String(), Outbound.SERDE));
    }
}
