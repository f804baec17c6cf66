package dev.krr.strategy.adapter.in.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.ResourceRecommendation;
import dev.krr.strategy.domain.EmissionPolicy;
import dev.krr.strategy.domain.StrategySelector;
import dev.krr.strategy.domain.WorkloadRecommender;
import dev.krr.strategy.domain.cost.CostCalculator;
import dev.krr.strategy.domain.state.StateCodec;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.strategy.KrrSettings;
import dev.krr.strategy.domain.strategy.KrrStrategy;
import dev.krr.strategy.support.Fixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The processor's decoded-state copies ({@code maxDecodedStates}) against in-memory stores: they
 * must never change what is recommended, whatever the bound, and must not outlive a task revival
 * (Kafka Streams re-initialises the same processor after restoring its stores).
 */
class RecommendationProcessorTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final KrrSettings KRR = KrrSettings.defaults();

    private final MockProcessorContext<String, Outbound> context = new MockProcessorContext<>();
    private KeyValueStore<String, byte[]> usageStore;

    private RecommendationProcessor processor(int maxDecodedStates) {
        for (String name : List.of(StrategyTopology.USAGE_STORE, StrategyTopology.WORKLOAD_STORE, StrategyTopology.EMITTED_STORE)) {
            KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                    Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            if (name.equals(StrategyTopology.USAGE_STORE)) {
                usageStore = store;
            }
        }
        TimestampedKeyValueStore<String, byte[]> rates = Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StrategyTopology.RATES_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        rates.init(context.getStateStoreContext(), rates);
        context.addStateStore(rates);
        StrategySelector selector = new StrategySelector(List.of(KrrStrategy.simple(KRR), KrrStrategy.simpleLimit(KRR)), "simple",
                Map.of(), List.of("simple-limit"));
        RecommendationProcessor p = new RecommendationProcessor(new StateCodec(StateSettings.defaults()),
                new WorkloadRecommender(selector, new CostCalculator(Duration.ofHours(24))), new EmissionPolicy(0.1, Duration.ofHours(6)),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5), Duration.ofHours(6), 2000, maxDecodedStates,
                new RecommendationProcessor.Counters(new SimpleMeterRegistry()));
        p.init(context);
        return p;
    }

    private static String key(int workload) {
        return Keys.workload("c1", "shop", "Deployment", "web" + workload);
    }

    private void workload(RecommendationProcessor p, int workload) {
        context.setRecordMetadata(Topics.WORKLOADS, 0, 0);
        p.process(new Record<>(key(workload), Fixtures.deployment("c1", "shop", "web" + workload, 1, "node-a").toByteArray(), 0));
    }

    /** 60 one-minute samples of {@code cores} starting {@code hoursAgo} hours before NOW, and a memory peak. */
    private void usage(RecommendationProcessor p, int workload, int hoursAgo, float cores, long memoryPeakBytes) {
        float[] samples = new float[60];
        java.util.Arrays.fill(samples, cores);
        context.setRecordMetadata(Topics.USAGE, 0, 0);
        p.process(new Record<>(key(workload), Fixtures.usage("c1", "shop", "web" + workload, "web" + workload + "-0",
                NOW.minus(Duration.ofHours(hoursAgo)), 60, samples, memoryPeakBytes).toByteArray(), 0));
    }

    /** Runs the emission punctuation and returns what it published, in order. */
    private List<Recommendation> emit() throws Exception {
        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(NOW.toEpochMilli());
        List<Recommendation> out = new ArrayList<>();
        for (var f : context.forwarded()) {
            out.add(Recommendation.parseFrom(((Outbound) f.record().value()).value()));
        }
        return out;
    }

    private static ResourceRecommendation memory(Recommendation r) {
        return r.getContainers(0).getResources(1);
    }

    /** Three workloads, several batches each between emissions: the bound only decides how many copies are kept. */
    private List<Recommendation> scenario(int maxDecodedStates) throws Exception {
        RecommendationProcessor p = processor(maxDecodedStates);
        for (int w = 0; w < 3; w++) {
            workload(p, w);
        }
        List<Recommendation> out = new ArrayList<>(emit());
        for (int round = 0; round < 3; round++) {
            for (int w = 0; w < 3; w++) {
                usage(p, w, 10 - round * 2, 0.1f * (w + 1), (200L + 100L * round + 10L * w) * Fixtures.MIB);
                usage(p, w, 9 - round * 2, 0.1f * (w + 1) + 0.05f, (150L + 100L * round) * Fixtures.MIB);
            }
            out.addAll(emit());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5000})
    void keptCopiesRecommendExactlyWhatTheStoreHolds(int maxDecodedStates) throws Exception {
        List<Recommendation> withoutCopies = new RecommendationProcessorTest().scenario(0);
        List<Recommendation> withCopies = scenario(maxDecodedStates);

        assertThat(withCopies).isEqualTo(withoutCopies);
        // the scenario is not vacuous: 3 first answers ("Not enough data"), then every round moves memory by ≥ 10%
        assertThat(withoutCopies).hasSize(3 + 3 * 3);
        // workload 2 after the last round: max peak 200 + 200 + 20 = 420 MiB × 1.15 = 483 MiB
        Recommendation last = withoutCopies.get(withoutCopies.size() - 1);
        assertThat(last.getName()).isEqualTo("web2");
        assertThat(memory(last).getRecommendedRequest()).isEqualTo(483 * Fixtures.MIB);
    }

    @Test
    void aRevivedTaskReadsTheRestoredStoreNotItsOldCopies() throws Exception {
        RecommendationProcessor p = processor(5000);
        workload(p, 0);
        usage(p, 0, 10, 0.2f, 300 * Fixtures.MIB);   // 60 points, kept as a copy until the next emission
        usage(p, 0, 9, 0.2f, 300 * Fixtures.MIB);    // 120 points

        // the transaction holding both batches aborts: the task is closed dirty, its stores are restored from the
        // changelogs (which never saw the batches), and the same processor is initialised again (init alone must
        // drop the copies: it is the one call a revived task is sure to get)
        usageStore.delete(key(0));
        p.init(context);
        usage(p, 0, 8, 0.2f, 400 * Fixtures.MIB);

        List<Recommendation> out = emit();
        assertThat(out).hasSize(1);
        // only the batch after the revival counts: 60 points are below KRR's 100 required
        assertThat(out.get(0).getContainers(0).getDataPoints()).isEqualTo(60);
        assertThat(memory(out.get(0)).getNoRecommendationReason()).isEqualTo("Not enough data");
    }

    @Test
    void withoutARevivalTheCopiesCarryEveryBatch() throws Exception {
        RecommendationProcessor p = processor(5000);
        workload(p, 0);
        usage(p, 0, 10, 0.2f, 300 * Fixtures.MIB);
        usage(p, 0, 9, 0.2f, 300 * Fixtures.MIB);
        usage(p, 0, 8, 0.2f, 400 * Fixtures.MIB);

        List<Recommendation> out = emit();
        assertThat(out.get(0).getContainers(0).getDataPoints()).isEqualTo(180);
        // 400 MiB × 1.15 = 460 MiB
        assertThat(memory(out.get(0)).getRecommendedRequest()).isEqualTo(460 * Fixtures.MIB);
        // and the store holds every batch too, written at each batch (what a commit flushes)
        assertThat(new StateCodec(StateSettings.defaults()).decode(usageStore.get(key(0))).containers().get("app").cpuSamples())
                .isEqualTo(180);
    }
}
