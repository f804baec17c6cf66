package dev.krr.strategy.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Headers;
import dev.krr.contracts.Keys;
import dev.krr.contracts.Moneys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.NodeRates;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.events.v1.ResourceRecommendation;
import dev.krr.events.v1.Severity;
import dev.krr.strategy.adapter.in.kafka.StrategyTopology;
import dev.krr.strategy.domain.EmissionPolicy;
import dev.krr.strategy.domain.StrategySelector;
import dev.krr.strategy.domain.WorkloadRecommender;
import dev.krr.strategy.domain.cost.CostCalculator;
import dev.krr.strategy.domain.state.StateCodec;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.strategy.CostAwareSettings;
import dev.krr.strategy.domain.strategy.CostAwareStrategy;
import dev.krr.strategy.domain.strategy.KrrSettings;
import dev.krr.strategy.domain.strategy.KrrStrategy;
import dev.krr.strategy.domain.strategy.VpaSettings;
import dev.krr.strategy.domain.strategy.VpaStrategy;
import dev.krr.strategy.support.Fixtures;
import dev.krr.types.v1.CapacityType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology with {@link TopologyTestDriver}: emission, material-change suppression, refresh, tombstones, DLQ. */
class StrategyTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String KEY = Keys.workload("c1", "shop", "Deployment", "web");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> usage;
    private TestInputTopic<String, byte[]> workloads;
    private TestInputTopic<String, byte[]> rates;
    private TestOutputTopic<String, byte[]> recommendations;
    private TestOutputTopic<String, byte[]> usageDlq;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        StateSettings settings = StateSettings.defaults();
        KrrSettings krr = KrrSettings.defaults();
        StrategySelector selector = new StrategySelector(List.of(KrrStrategy.simple(krr), KrrStrategy.simpleLimit(krr),
                new VpaStrategy(VpaSettings.defaults()), new CostAwareStrategy(CostAwareSettings.defaults())), "simple", Map.of(),
                List.of("vpa"));
        WorkloadRecommender recommender = new WorkloadRecommender(selector, new CostCalculator(Duration.ofHours(24)));
        StrategyTopology.build(builder, new StateCodec(settings), recommender, new EmissionPolicy(0.1, Duration.ofHours(6)),
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5), Duration.ofHours(6), 2000, 5000, new SimpleMeterRegistry());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props, NOW);
        usage = driver.createInputTopic(Topics.USAGE, new StringSerializer(), new ByteArraySerializer());
        workloads = driver.createInputTopic(Topics.WORKLOADS, new StringSerializer(), new ByteArraySerializer());
        rates = driver.createInputTopic(Topics.NODE_RATES, new StringSerializer(), new ByteArraySerializer());
        recommendations = driver.createOutputTopic(Topics.RECOMMENDATIONS, new StringDeserializer(), new ByteArrayDeserializer());
        usageDlq = driver.createOutputTopic(Topics.deadLetter(Topics.USAGE), new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void sendRates() {
        rates.pipeInput(Keys.node("c1", "node-a"), NodeRates.newBuilder().setCluster("c1").setNode("node-a")
                .setCapacityType(CapacityType.CAPACITY_TYPE_ON_DEMAND)
                .setCpuPerVcpuHour(Moneys.of(new BigDecimal("0.031611"), "USD"))
                .setMemoryPerGibHour(Moneys.of(new BigDecimal("0.004237"), "USD"))
                .setPricedAt(Fixtures.ts(NOW)).build().toByteArray());
    }

    /** 120 one-minute CPU samples of {@code cores} from {@code start}, and a memory peak. */
    private void sendUsage(Instant start, float cores, long memoryPeakBytes) {
        float[] samples = new float[120];
        java.util.Arrays.fill(samples, cores);
        usage.pipeInput(KEY, Fixtures.usage("c1", "shop", "web", "web-0", start, 60, samples, memoryPeakBytes).toByteArray());
    }

    private List<TestRecord<String, byte[]>> advance() {
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        return recommendations.readRecordsToList();
    }

    @Test
    void emitsPricedRecommendationThenOnlyMaterialChangesThenTombstone() throws Exception {
        sendRates();
        workloads.pipeInput(KEY, Fixtures.deployment("c1", "shop", "web", 1, "node-a").toByteArray());
        sendUsage(NOW.minus(Duration.ofHours(5)), 0.2f, 200 * Fixtures.MIB);

        List<TestRecord<String, byte[]>> out = advance();
        assertThat(out).hasSize(1);
        Recommendation first = Recommendation.parseFrom(out.get(0).value());
        assertThat(first.getRevision()).isEqualTo(1);
        ResourceRecommendation cpu = first.getContainers(0).getResources(0);
        assertThat(cpu.getResource()).isEqualTo(Resource.RESOURCE_CPU_MILLICORES);
        // 120 samples of 0.2 cores: every percentile is 0.2, in bucket ⌈ln 200 / ln 1.05⌉ = ⌈108.59⌉ = 109 whose
        // upper bound is 0.001·1.05^109 = 0.2040016 cores → rounded up to 205m
        assertThat(cpu.getRecommendedRequest()).isEqualTo(205);
        // 200 MiB × 1.15 = 230 MiB
        assertThat(first.getContainers(0).getResources(1).getRecommendedRequest()).isEqualTo(230 * Fixtures.MIB);
        // current: (1 × 0.031611 + 1 × 0.004237) × 1 × 730 = 26.169 → 26.17; recommended:
        // (0.205 × 0.031611 + 230/1024 × 0.004237) × 730 = (0.006480255 + 0.000951670) × 730 = 5.4253 → 5.43
        assertThat(Moneys.toBigDecimal(first.getCost().getCurrentMonthly())).isEqualByComparingTo("26.17");
        assertThat(Moneys.toBigDecimal(first.getCost().getRecommendedMonthly())).isEqualByComparingTo("5.43");
        assertThat(Moneys.toBigDecimal(first.getCost().getSavingsMonthly())).isEqualByComparingTo("20.74");
        assertThat(first.getSeverity()).isEqualTo(Severity.SEVERITY_CRITICAL);
        assertThat(first.getAlternativesList()).extracting(a -> a.getStrategy().getName()).containsExactly("vpa");
        assertThat(new String(out.get(0).headers().lastHeader(Headers.SCHEMA).value(), StandardCharsets.UTF_8))
                .isEqualTo("krr.events.v1.Recommendation");

        // same level of usage again: nothing material, nothing emitted
        sendUsage(NOW.minus(Duration.ofHours(3)), 0.2f, 200 * Fixtures.MIB);
        assertThat(advance()).isEmpty();

        // a much larger peak: memory 600 MiB × 1.15 = 690 MiB is material
        sendUsage(NOW.minus(Duration.ofHours(1)), 0.2f, 600 * Fixtures.MIB);
        out = advance();
        assertThat(out).hasSize(1);
        Recommendation second = Recommendation.parseFrom(out.get(0).value());
        assertThat(second.getRevision()).isEqualTo(2);
        assertThat(second.getContainers(0).getResources(1).getRecommendedRequest()).isEqualTo(690 * Fixtures.MIB);

        workloads.pipeInput(KEY, (byte[]) null);
        out = recommendations.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo(KEY);
        assertThat(out.get(0).value()).isNull();
    }

    @Test
    void replayedBatchIsSkipped() throws Exception {
        workloads.pipeInput(KEY, Fixtures.deployment("c1", "shop", "web", 1, "node-a").toByteArray());
        Instant start = NOW.minus(Duration.ofHours(5));
        sendUsage(start, 0.2f, 200 * Fixtures.MIB);
        sendUsage(start, 0.2f, 200 * Fixtures.MIB);
        Recommendation r = Recommendation.parseFrom(advance().get(0).value());
        assertThat(r.getContainers(0).getDataPoints()).isEqualTo(120);
        assertThat(r.getCost().getUnknown()).isTrue();
        assertThat(r.getCost().getUnknownReason()).contains("node-a");
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndProcessingContinues() throws Exception {
        usage.pipeInput(KEY, "garbage".getBytes(StandardCharsets.UTF_8));
        usage.pipeInput("not-a-workload-key", Fixtures.usage("c1", "shop", "web", "web-0", NOW, 60, new float[] {0.1f}, 1)
                .toByteArray());
        usage.pipeInput(KEY, Fixtures.usage("c1", "shop", "web", "web-0", NOW, 60, new float[] {-1f}, 1).toByteArray());
        List<TestRecord<String, byte[]>> dead = usageDlq.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
        assertThat(new String(dead.get(1).headers().lastHeader(Headers.DLQ_ERROR_MESSAGE).value(), StandardCharsets.UTF_8))
                .contains("not-a-workload-key");
        assertThat(new String(dead.get(2).headers().lastHeader(Headers.DLQ_ERROR_MESSAGE).value(), StandardCharsets.UTF_8))
                .contains("cpu.cores").contains("-1.0");
        assertThat(new String(dead.get(2).headers().lastHeader(Headers.DLQ_SERVICE).value(), StandardCharsets.UTF_8))
                .isEqualTo("strategy-service");

        workloads.pipeInput(KEY, Fixtures.deployment("c1", "shop", "web", 1, "node-a").toByteArray());
        sendUsage(NOW.minus(Duration.ofHours(5)), 0.2f, 200 * Fixtures.MIB);
        assertThat(advance()).hasSize(1);
    }
}
