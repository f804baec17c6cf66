package dev.krr.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.strategy.support.FixedRatesPricingServer;
import dev.krr.strategy.support.Fixtures;
import dev.krr.strategy.support.TopicReader;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.WithKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Restart on a real broker with the local state directory gone (as on a new pod): the usage state
 * and the emitted revisions come back from the changelog topics, usage already processed is not
 * read again, the restart itself publishes nothing new (no duplicate), and new usage builds on the
 * restored state.
 */
@WithKafkaBroker
class StrategyRestartIT {

    private static ConfigurableApplicationContext start(String pricing, Path stateDir) {
        return StrategyApplication.builder().properties(
                "server.port=0",
                "spring.kafka.streams.application-id=strategy-restart-it",
                // the same pod name before and after the restart (a StatefulSet's): a static member of the group
                "krr.strategy.streams.instance-id=strategy-0",
                "krr.strategy.pricing.address=" + pricing,
                "krr.strategy.state-dir=" + stateDir,
                "krr.strategy.emission.interval=500ms",
                "krr.strategy.topics.partitions=2").run();
    }

    private static float[] constant(float v) {
        float[] a = new float[200];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void stateSurvivesARestartWithoutItsLocalDirectory(KafkaBroker broker, @TempDir Path first, @TempDir Path second)
            throws Exception {
        String key = Keys.workload("test", "shop", "Deployment", "web");
        Instant start = Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        long firstRevision;
        try (FixedRatesPricingServer pricing = new FixedRatesPricingServer();
             KafkaProducer<String, byte[]> producer = StrategyServiceIT.producer(broker);
             TopicReader recs = new TopicReader(broker.bootstrapServers(), Topics.RECOMMENDATIONS)) {
            try (ConfigurableApplicationContext ctx = start(pricing.address(), first)) {
                producer.send(new ProducerRecord<>(Topics.WORKLOADS, key,
                        Fixtures.deployment("test", "shop", "web", 2, "node-a", "node-a").toByteArray())).get();
                producer.send(new ProducerRecord<>(Topics.USAGE, key,
                        Fixtures.usage("test", "shop", "web", "web-0", start, 60, constant(0.2f), 300 * Fixtures.MIB).toByteArray()))
                        .get();
                // the workload alone may already give a "No data" revision; wait for the one with the usage
                firstRevision = parse(recs.await(Duration.ofSeconds(90),
                        r -> r.key().equals(key) && parse(r).getContainers(0).getDataPoints() == 200)).getRevision();
            }
            long expected = firstRevision + 1;
            // the stopped static member left the group (krr.strategy.streams.leave-group-on-close): the next one need not wait
            // for its session timeout (45 s) to get the tasks
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin
                        .describeConsumerGroups(List.of("strategy-restart-it")).all().get().get("strategy-restart-it")
                        .members()).isEmpty());
            }

            try (ConfigurableApplicationContext ctx = start(pricing.address(), second)) {
                // pod web-1 at 0.5 cores, in a later window: CPU moves from 205m to 0.001·1.05^128 = 0.5154 → 516m (material)
                producer.send(new ProducerRecord<>(Topics.USAGE, key,
                        Fixtures.usage("test", "shop", "web", "web-1", start.plus(200, ChronoUnit.MINUTES), 60, constant(0.5f),
                                300 * Fixtures.MIB).toByteArray())).get();
                Recommendation r2 = parse(recs.await(Duration.ofSeconds(90),
                        r -> r.key().equals(key) && parse(r).getRevision() == expected));
                // both batches count: the first one came back from the changelog, not from re-reading usage
                assertThat(r2.getContainers(0).getDataPoints()).isEqualTo(400);
                assertThat(r2.getContainers(0).getResources(0).getRecommendedRequest()).isEqualTo(516);
                List<Long> revisions = recs.all().stream().filter(r -> r.key().equals(key)).map(r -> parse(r).getRevision()).toList();
                // revisions 1..n+1, each once: the restart re-published nothing
                assertThat(revisions).isSorted().doesNotHaveDuplicates().hasSize((int) expected).endsWith(expected);
            }
        }
    }

    private static Recommendation parse(ConsumerRecord<String, byte[]> r) {
        try {
            return Recommendation.parseFrom(r.value());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
