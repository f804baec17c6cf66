package dev.krr.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.strategy.support.FixedRatesPricingServer;
import dev.krr.strategy.support.Fixtures;
import dev.krr.strategy.support.TopicReader;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.WithKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Scale-out and scale-in on a real broker. Instance A ingests usage for eight workloads spread
 * over the four partitions; instance B (same application id, its own empty state directory)
 * joins and takes over some partitions; more usage arrives for every workload; then A stops and B
 * owns everything; a third batch arrives. Every workload's recommendation after each phase counts
 * all samples sent so far (200, 400, 600): the state of a moved partition came along through its
 * changelog instead of starting empty. Each workload's revisions appear once each, in order, and
 * its data points never go down: a rebalance neither re-published nor regressed anything.
 * With {@code krr.strategy.streams.standby-replicas=1} each instance also holds a standby copy of
 * the other's tasks while both run.
 */
@WithKafkaBroker(partitions = StrategyRebalanceIT.PARTITIONS)
class StrategyRebalanceIT {

    static final int PARTITIONS = 4;
    private static final String CLUSTER = "test";
    private static final Duration WAIT = Duration.ofSeconds(180);

    private static ConfigurableApplicationContext start(String pricing, Path stateDir) {
        return StrategyApplication.builder().properties(
                "server.port=0",
                "spring.kafka.streams.application-id=strategy-rebalance-it",
                "krr.strategy.pricing.address=" + pricing,
                "krr.strategy.state-dir=" + stateDir,
                "krr.strategy.emission.interval=500ms",
                "krr.strategy.topics.partitions=" + PARTITIONS,
                "krr.strategy.streams.standby-replicas=1").run();
    }

    /** Two workload names per partition of the default partitioner (murmur2 of the key). */
    private static List<String> workloadsOnEveryPartition() {
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (int i = 0; byPartition.values().stream().mapToInt(List::size).sum() < 2 * PARTITIONS; i++) {
            String name = "app-" + i;
            int partition = partitionOf(key(name));
            List<String> names = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (names.size() < 2) {
                names.add(name);
            }
        }
        return byPartition.values().stream().flatMap(List::stream).toList();
    }

    private static String key(String name) {
        return Keys.workload(CLUSTER, "shop", "Deployment", name);
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static float[] constant(float v) {
        float[] a = new float[200];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void stateMovesWithItsPartitionsWhenASecondInstanceJoinsAndWhenOneLeaves(
            KafkaBroker broker, @TempDir Path dirA, @TempDir Path dirB) throws Exception {
        List<String> names = workloadsOnEveryPartition();
        assertThat(names.stream().map(n -> partitionOf(key(n))).collect(Collectors.toSet())).hasSize(PARTITIONS);
        Instant start = Instant.now().minus(12, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);

        try (FixedRatesPricingServer pricing = new FixedRatesPricingServer();
             KafkaProducer<String, byte[]> producer = StrategyServiceIT.producer(broker);
             TopicReader recs = new TopicReader(broker.bootstrapServers(), Topics.RECOMMENDATIONS)) {
            ConfigurableApplicationContext a = start(pricing.address(), dirA);
            ConfigurableApplicationContext b = null;
            try {
                awaitRunning(a);
                for (String name : names) {
                    producer.send(new ProducerRecord<>(Topics.WORKLOADS, key(name),
                            Fixtures.deployment(CLUSTER, "shop", name, 3, "node-a", "node-a", "node-a").toByteArray())).get();
                }
                // phase 1, on A alone: pod 0 at 0.2 cores → bucket 109, 0.001·1.05^109 = 0.2040 → 205m
                sendPhase(producer, names, 0, start, 0.2f);
                awaitEvery(recs, names, 200, 205);
                assertThat(activePartitions(a)).hasSize(PARTITIONS);

                // B joins with an empty state directory: the assignor hands it some partitions
                b = start(pricing.address(), dirB);
                ConfigurableApplicationContext joined = b;
                Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(streams(a).state()).isEqualTo(KafkaStreams.State.RUNNING);
                    assertThat(streams(joined).state()).isEqualTo(KafkaStreams.State.RUNNING);
                    Set<Integer> onA = activePartitions(a);
                    Set<Integer> onB = activePartitions(joined);
                    assertThat(onB).isNotEmpty();
                    assertThat(onA).isNotEmpty().doesNotContainAnyElementsOf(onB);
                    assertThat(union(onA, onB)).hasSize(PARTITIONS);
                    // one standby replica: each instance keeps a warm copy of the other's tasks
                    assertThat(standbyPartitions(joined)).isEqualTo(onA);
                    assertThat(standbyPartitions(a)).isEqualTo(onB);
                });
                Set<Integer> movedToB = activePartitions(b);

                // phase 2 on both: pod 1 at 0.5 cores → 0.001·1.05^128 = 0.5154 → 516m; 400 points means
                // the 200 of phase 1 came along with every moved partition's state
                sendPhase(producer, names, 1, start.plus(200, ChronoUnit.MINUTES), 0.5f);
                awaitEvery(recs, names, 400, 516);
                assertThat(names).anyMatch(n -> movedToB.contains(partitionOf(key(n))));

                // A leaves; B takes every partition over
                a.close();
                ConfigurableApplicationContext survivor = b;
                Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(streams(survivor).state()).isEqualTo(KafkaStreams.State.RUNNING);
                    assertThat(activePartitions(survivor)).hasSize(PARTITIONS);
                });

                // phase 3 on B alone: pod 2 at 1.0 core → bucket ⌈ln 1000/ln 1.05⌉ = 142, 0.001·1.05^142 = 1.0207 → 1021m
                sendPhase(producer, names, 2, start.plus(400, ChronoUnit.MINUTES), 1.0f);
                awaitEvery(recs, names, 600, 1021);

                List<ConsumerRecord<String, byte[]>> all = recs.all();
                for (String name : names) {
                    List<Recommendation> revisions = all.stream().filter(r -> r.key().equals(key(name)))
                            .map(StrategyRebalanceIT::parse).toList();
                    List<Long> numbers = revisions.stream().map(Recommendation::getRevision).toList();
                    // 1..n, each exactly once: no instance re-published what the other had published
                    assertThat(numbers).as(name).doesNotHaveDuplicates().isSorted()
                            .startsWith(1L).endsWith((long) numbers.size());
                    List<Long> points = revisions.stream().map(r -> r.getContainers(0).getDataPoints()).toList();
                    assertThat(points).as(name).isSorted().endsWith(600L);
                }
            } finally {
                if (b != null) {
                    b.close();
                }
                a.close();
            }
        }
    }

    private static void sendPhase(KafkaProducer<String, byte[]> producer, List<String> names, int pod, Instant from, float cores)
            throws Exception {
        for (String name : names) {
            producer.send(new ProducerRecord<>(Topics.USAGE, key(name),
                    Fixtures.usage(CLUSTER, "shop", name, name + "-" + pod, from, 60, constant(cores), 300 * Fixtures.MIB)
                            .toByteArray())).get();
        }
    }

    /** Waits until every workload has a recommendation with {@code points} data points and that CPU request. */
    private static void awaitEvery(TopicReader recs, List<String> names, long points, long cpuMillicores) {
        for (String name : names) {
            Recommendation r = parse(recs.await(WAIT, rec -> rec.key().equals(key(name)) && rec.value() != null
                    && parse(rec).getContainers(0).getDataPoints() == points));
            long cpu = r.getContainers(0).getResourcesList().stream()
                    .filter(x -> x.getResource() == Resource.RESOURCE_CPU_MILLICORES).findFirst().orElseThrow()
                    .getRecommendedRequest();
            assertThat(cpu).as(name).isEqualTo(cpuMillicores);
        }
    }

    private static KafkaStreams streams(ConfigurableApplicationContext ctx) {
        return ctx.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
    }

    private static void awaitRunning(ConfigurableApplicationContext ctx) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> streams(ctx) != null && streams(ctx).state() == KafkaStreams.State.RUNNING);
    }

    private static Set<Integer> activePartitions(ConfigurableApplicationContext ctx) {
        return partitions(ctx, true);
    }

    private static Set<Integer> standbyPartitions(ConfigurableApplicationContext ctx) {
        return partitions(ctx, false);
    }

    private static Set<Integer> partitions(ConfigurableApplicationContext ctx, boolean active) {
        Set<Integer> out = new TreeSet<>();
        for (ThreadMetadata t : streams(ctx).metadataForLocalThreads()) {
            for (TaskMetadata task : active ? t.activeTasks() : t.standbyTasks()) {
                out.add(task.taskId().partition());
            }
        }
        return out;
    }

    private static Set<Integer> union(Set<Integer> x, Set<Integer> y) {
        Set<Integer> u = new TreeSet<>(x);
        u.addAll(y);
        return u;
    }

    private static Recommendation parse(ConsumerRecord<String, byte[]> r) {
        try {
            return Recommendation.parseFrom(r.value());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
