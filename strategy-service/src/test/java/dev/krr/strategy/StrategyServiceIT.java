package dev.krr.strategy;

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
import dev.krr.strategy.support.FixedRatesPricingServer;
import dev.krr.strategy.support.Fixtures;
import dev.krr.strategy.support.TopicReader;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.WithKafkaBroker;
import dev.krr.types.v1.CapacityType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service against a real broker and a real gRPC pricing server. Pricing starts down:
 * usage and workloads still become a KRR {@code simple} recommendation, with its cost marked
 * unknown; a poison node snapshot and a poison usage record land in their dead-letter topics while
 * both keep going; when pricing comes back the node gets priced, its rates published, and the
 * recommendation re-published with money. A workload tombstone becomes a recommendation tombstone.
 */
@WithKafkaBroker
class StrategyServiceIT {

    private static final String CLUSTER = "test";

    @Test
    void recommendsWithMoneyAndSurvivesPoison(KafkaBroker broker, @TempDir Path stateDir) throws Exception {
        try (FixedRatesPricingServer pricing = new FixedRatesPricingServer();
             KafkaProducer<String, byte[]> producer = producer(broker);
             ConfigurableApplicationContext ctx = StrategyApplication.builder().properties(
                     "server.port=0",
                     "spring.kafka.streams.application-id=strategy-it",
                     "krr.strategy.pricing.address=" + pricing.address(),
                     "krr.strategy.state-dir=" + stateDir,
                     "krr.strategy.emission.interval=500ms",
                     "krr.strategy.pricing.pending-retry-interval=500ms",
                     "krr.strategy.pricing.circuit-open-duration=1s",
                     "krr.strategy.topics.partitions=2").run();
             TopicReader recs = new TopicReader(broker.bootstrapServers(), Topics.RECOMMENDATIONS);
             TopicReader rates = new TopicReader(broker.bootstrapServers(), Topics.NODE_RATES);
             TopicReader dlq = new TopicReader(broker.bootstrapServers(), Topics.deadLetter(Topics.USAGE));
             TopicReader nodeDlq = new TopicReader(broker.bootstrapServers(), Topics.deadLetter(Topics.NODES))) {

            pricing.failNext(Integer.MAX_VALUE);
            producer.send(new ProducerRecord<>(Topics.NODES, Keys.node(CLUSTER, "node-bad"),
                    "not a node".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.NODES, Keys.node(CLUSTER, "node-a"),
                    Fixtures.node(CLUSTER, "node-a", CapacityType.CAPACITY_TYPE_ON_DEMAND).toByteArray())).get();
            ConsumerRecord<String, byte[]> deadNode = nodeDlq.await(Duration.ofSeconds(60),
                    r -> r.key().equals(Keys.node(CLUSTER, "node-bad")));
            assertThat(new String(deadNode.headers().lastHeader(Headers.DLQ_ORIGINAL_TOPIC).value(), StandardCharsets.UTF_8))
                    .isEqualTo(Topics.NODES);
            assertThat(new String(deadNode.value(), StandardCharsets.UTF_8)).isEqualTo("not a node");

            String key = Keys.workload(CLUSTER, "shop", "Deployment", "web");
            producer.send(new ProducerRecord<>(Topics.WORKLOADS, key,
                    Fixtures.deployment(CLUSTER, "shop", "web", 2, "node-a", "node-a").toByteArray())).get();
            producer.send(new ProducerRecord<>(Topics.USAGE, key, "not a protobuf".getBytes(StandardCharsets.UTF_8))).get();
            // pod web-0: 200 samples 0.100, 0.101, ..., 0.299 cores; pod web-1: 200 samples of 0.05 cores.
            // KRR simple: max over pods of P95 → web-0's P95: rank 0.95·199 = 189.05 → between 0.289 and 0.290;
            // krr takes the 191st smallest (0.290), in bucket ⌈ln 290/ln 1.05⌉ = 117 with upper bound 0.30140 → 302m.
            Instant start = Instant.now().minus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
            float[] ramp = new float[200];
            float[] flat = new float[200];
            for (int i = 0; i < 200; i++) {
                ramp[i] = 0.100f + i * 0.001f;
                flat[i] = 0.05f;
            }
            producer.send(new ProducerRecord<>(Topics.USAGE, key,
                    Fixtures.usage(CLUSTER, "shop", "web", "web-0", start, 60, ramp, 400 * Fixtures.MIB).toByteArray())).get();
            producer.send(new ProducerRecord<>(Topics.USAGE, key,
                    Fixtures.usage(CLUSTER, "shop", "web", "web-1", start, 60, flat, 300 * Fixtures.MIB).toByteArray())).get();

            // pricing is down: the recommendation still comes, with the usage in it and the cost unknown
            Recommendation unpriced = Recommendation.parseFrom(recs.await(Duration.ofSeconds(60), r -> r.key().equals(key)
                    && r.value() != null && parse(r.value()).getContainers(0).getDataPoints() > 0).value());
            assertThat(unpriced.getCost().getUnknown()).isTrue();
            assertThat(resource(unpriced, Resource.RESOURCE_CPU_MILLICORES).getRecommendedRequest()).isEqualTo(302);
            // node-a was asked for (and refused), so it has no rates
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pricing.calls() > 0);
            assertThat(rates.all()).noneMatch(r -> r.key().equals(Keys.node(CLUSTER, "node-a")));

            // pricing comes back: the pending node is priced (past the bad record) and the recommendation gets its money
            pricing.failNext(0);
            NodeRates nodeRates = NodeRates.parseFrom(rates.await(Duration.ofSeconds(60),
                    r -> r.key().equals(Keys.node(CLUSTER, "node-a"))).value());
            assertThat(Moneys.toBigDecimal(nodeRates.getCpuPerVcpuHour())).isEqualByComparingTo(FixedRatesPricingServer.CPU_ON_DEMAND);

            ConsumerRecord<String, byte[]> dead = dlq.await(Duration.ofSeconds(60), r -> r.key().equals(key));
            assertThat(new String(dead.headers().lastHeader(Headers.DLQ_ERROR_MESSAGE).value(), StandardCharsets.UTF_8))
                    .contains("Protocol message");
            assertThat(new String(dead.headers().lastHeader(Headers.DLQ_ORIGINAL_TOPIC).value(), StandardCharsets.UTF_8))
                    .isEqualTo(Topics.USAGE);

            // the workload may be emitted once before its usage arrives (no data yet, "Not enough data"):
            // wait for the recommendation that has seen the samples
            Recommendation rec = Recommendation.parseFrom(recs.await(Duration.ofSeconds(60), r -> r.key().equals(key)
                    && r.value() != null && !parse(r.value()).getCost().getUnknown()
                    && parse(r.value()).getContainers(0).getDataPoints() > 0).value());
            // later batches that change nothing material are not re-emitted, so the count may stop at one pod's 200
            assertThat(rec.getContainers(0).getDataPoints()).isIn(200L, 400L);
            assertThat(rec.getStrategy().getName()).isEqualTo("simple");
            ResourceRecommendation cpu = resource(rec, Resource.RESOURCE_CPU_MILLICORES);
            ResourceRecommendation mem = resource(rec, Resource.RESOURCE_MEMORY_BYTES);
            assertThat(cpu.getRecommendedRequest()).isEqualTo(302);
            assertThat(cpu.hasRecommendedLimit()).isFalse();
            // 1000m → 302m is ≥ 0.5 cores apart: CRITICAL.
            assertThat(cpu.getSeverity()).isEqualTo(Severity.SEVERITY_CRITICAL);
            // max working set 400 MiB × 1.15 = 460 MiB, request = limit.
            assertThat(mem.getRecommendedRequest()).isEqualTo(460 * Fixtures.MIB);
            assertThat(mem.getRecommendedLimit()).isEqualTo(460 * Fixtures.MIB);
            assertThat(rec.getSeverity()).isEqualTo(Severity.SEVERITY_CRITICAL);
            // current: (1 core × 0.031611 + 1 GiB × 0.004237) × 2 replicas × 730 h = 0.035848 × 1460 = 52.33808 → 52.34 USD
            assertThat(Moneys.toBigDecimal(rec.getCost().getCurrentMonthly())).isEqualByComparingTo(new BigDecimal("52.34"));
            // recommended: (0.302 × 0.031611 + 460/1024 × 0.004237) × 1460 = (0.009546522 + 0.001903340) × 1460 = 16.72 USD
            assertThat(Moneys.toBigDecimal(rec.getCost().getRecommendedMonthly())).isEqualByComparingTo(new BigDecimal("16.72"));
            assertThat(Moneys.toBigDecimal(rec.getCost().getSavingsMonthly())).isEqualByComparingTo(new BigDecimal("35.62"));
            assertThat(rec.getCost().getCurrentMonthly().getCurrencyCode()).isEqualTo("USD");
            assertThat(rec.getCost().getPrice().getSource()).isEqualTo("test:fixed");
            assertThat(rec.getAlternativesList()).extracting(a -> a.getStrategy().getName())
                    .containsExactly("simple-limit", "vpa", "cost-aware");

            producer.send(new ProducerRecord<>(Topics.WORKLOADS, key, null)).get();
            recs.await(Duration.ofSeconds(60), r -> r.key().equals(key) && r.value() == null);
        }
    }

    private static Recommendation parse(byte[] bytes) {
        try {
            return Recommendation.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResourceRecommendation resource(Recommendation rec, Resource r) {
        return rec.getContainers(0).getResourcesList().stream().filter(x -> x.getResource() == r).findFirst().orElseThrow();
    }

    static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
