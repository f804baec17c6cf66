package dev.krr.strategy.bench;

import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.strategy.StrategyApplication;
import dev.krr.strategy.support.FixedRatesPricingServer;
import dev.krr.strategy.support.Fixtures;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.KafkaBrokers;
import dev.krr.types.v1.CapacityType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The strategy service end to end on a real (embedded KRaft) broker in the same JVM, on this
 * machine's cores:
 * <ol>
 *   <li><b>sustained throughput</b>: {@code W} workloads (snapshot + one usage batch of 60 CPU samples
 *       each) are preloaded, then the service starts; time from its streams being RUNNING until the
 *       usage topic is fully committed and every workload has a recommendation;</li>
 *   <li><b>restore</b>: a second instance with an empty state directory restores the W workloads'
 *       state from the changelogs; time from start to RUNNING, minus the first instance's start;</li>
 *   <li><b>latency</b>: background usage at half the measured rate, plus probe batches that each
 *       change their workload's recommendation materially; time from sending a probe to reading the
 *       updated recommendation (p50/p99).</li>
 * </ol>
 * Usage: {@code PipelineBenchmark [workloads=100000] [latencySeconds=30]}; see docs/benchmarks.md#strategy-service.
 */
public final class PipelineBenchmark {

    private static final int SAMPLES_PER_BATCH = 60;
    private static final String APP_ID = "krr-strategy-bench";

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int latencySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        System.setProperty("krr.test.kafka", "embedded");
        Path work = Files.createTempDirectory("krr-strategy-bench");
        try (KafkaBroker broker = KafkaBrokers.start(2); FixedRatesPricingServer pricing = new FixedRatesPricingServer();
             KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
            String bootstrap = broker.bootstrapServers();
            createTopics(bootstrap);
            Instant start = Instant.now().minus(Duration.ofHours(3));
            long t0 = System.nanoTime();
            for (int n = 0; n < 4; n++) {
                producer.send(new ProducerRecord<>(Topics.NODES, Keys.node("bench", "node-" + n),
                        Fixtures.node("bench", "node-" + n, n % 2 == 0 ? CapacityType.CAPACITY_TYPE_ON_DEMAND
                                : CapacityType.CAPACITY_TYPE_SPOT).toByteArray()));
            }
            Random random = new Random(1);
            for (int w = 0; w < workloads; w++) {
                String name = "w" + w;
                String key = Keys.workload("bench", "ns", "Deployment", name);
                producer.send(new ProducerRecord<>(Topics.WORKLOADS, key,
                        Fixtures.deployment("bench", "ns", name, 1, "node-" + (w % 4)).toByteArray()));
                producer.send(new ProducerRecord<>(Topics.USAGE, key, Fixtures.usage("bench", "ns", name, name + "-0", start, 75,
                        cores(random, 0.2), 300_000_000L).toByteArray()));
            }
            producer.flush();
            System.out.printf(Locale.ROOT, "preloaded %d workloads (%d samples) in %.1f s%n", workloads,
                    (long) workloads * SAMPLES_PER_BATCH, (System.nanoTime() - t0) / 1e9);

            // 1. sustained throughput
            long appStart = System.nanoTime();
            ConfigurableApplicationContext app = startApp(bootstrap, pricing.address(), work.resolve("state-1"));
            awaitRunning(app);
            long running = System.nanoTime();
            double startSeconds = (running - appStart) / 1e9;
            awaitCaughtUp(bootstrap);
            long caughtUp = System.nanoTime();
            awaitRecommendations(bootstrap, workloads);
            long allRecommended = System.nanoTime();
            double ingestSeconds = (caughtUp - running) / 1e9;
            double rate = (double) workloads * SAMPLES_PER_BATCH / ingestSeconds;
            System.out.printf(Locale.ROOT, "instance 1: start %.1f s; usage committed after %.1f s = %.0f samples/s (%.0f batches/s);"
                    + " all %d workloads recommended after %.1f s = %.0f samples/s end to end%n", startSeconds, ingestSeconds, rate,
                    workloads / ingestSeconds, workloads, (allRecommended - running) / 1e9,
                    workloads * (double) SAMPLES_PER_BATCH / ((allRecommended - running) / 1e9));
            app.close();

            // 2. restore from the changelogs into an empty state directory
            long restoreStart = System.nanoTime();
            app = startApp(bootstrap, pricing.address(), work.resolve("state-2"));
            awaitRunning(app);
            double restoreSeconds = (System.nanoTime() - restoreStart) / 1e9;
            System.out.printf(Locale.ROOT, "instance 2 (empty state dir, %d workloads in changelogs): RUNNING after %.1f s"
                    + " (instance 1 with nothing to restore: %.1f s)%n", workloads, restoreSeconds, startSeconds);

            // 3. latency at half the measured rate
            latency(bootstrap, producer, random, workloads, rate / 2, latencySeconds, start);
            app.close();
        }
    }

    private static float[] cores(Random random, double base) {
        float[] c = new float[SAMPLES_PER_BATCH];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) Math.max(0, base * (1 + 0.2 * random.nextGaussian()));
        }
        return c;
    }

    private static void latency(String bootstrap, KafkaProducer<String, byte[]> producer, Random random, int workloads,
                                double samplesPerSecond, int seconds, Instant start) throws Exception {
        int probes = 20;
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latenciesMs = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        for (int p = 0; p < probes; p++) {
            String name = "probe" + p;
            producer.send(new ProducerRecord<>(Topics.WORKLOADS, Keys.workload("bench", "ns", "Deployment", name),
                    Fixtures.deployment("bench", "ns", name, 1, "node-0").toByteArray()));
        }
        producer.flush();
        Thread reader = new Thread(() -> {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> tps = c.partitionsFor(Topics.RECOMMENDATIONS).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                c.assign(tps);
                c.seekToEnd(tps);
                tps.forEach(c::position);
                while (running.get()) {
                    c.poll(Duration.ofMillis(20)).forEach(r -> {
                        Long sent = sentAt.remove(r.key());
                        if (sent != null) {
                            latenciesMs.add((System.nanoTime() - sent) / 1e6);
                        }
                    });
                }
            }
        });
        reader.start();
        Thread.sleep(2000);
        double batchesPerSecond = samplesPerSecond / SAMPLES_PER_BATCH;
        long intervalNanos = (long) (1e9 / batchesPerSecond);
        long begin = System.nanoTime();
        long next = begin;
        long sent = 0;
        int probeRound = 0;
        long nextProbe = begin;
        while (System.nanoTime() - begin < seconds * 1_000_000_000L) {
            long now = System.nanoTime();
            if (now >= nextProbe) {
                probeRound++;
                for (int p = 0; p < probes; p++) {
                    String name = "probe" + p;
                    String key = Keys.workload("bench", "ns", "Deployment", name);
                    // memory grows 30% per round: a material change every time
                    long peak = (long) (200_000_000L * Math.pow(1.3, probeRound));
                    sentAt.put(key, System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.USAGE, key, Fixtures.usage("bench", "ns", name, name + "-0",
                            start.plusSeconds(75L * SAMPLES_PER_BATCH * probeRound), 75, cores(random, 0.2), peak).toByteArray()));
                }
                nextProbe = now + 1_000_000_000L;
            }
            if (now >= next) {
                int w = (int) (sent % workloads);
                String name = "w" + w;
                producer.send(new ProducerRecord<>(Topics.USAGE, Keys.workload("bench", "ns", "Deployment", name),
                        Fixtures.usage("bench", "ns", name, name + "-0", start.plusSeconds(75L * SAMPLES_PER_BATCH * (1 + sent / workloads)),
                                75, cores(random, 0.2), 300_000_000L).toByteArray()));
                sent++;
                next += intervalNanos;
            } else {
                Thread.onSpinWait();
            }
        }
        producer.flush();
        Thread.sleep(3000);
        running.set(false);
        reader.join();
        double[] l = latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "latency at %.0f samples/s background (%d batches sent) for %d s: %d probes answered of %d;"
                        + " p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n", samplesPerSecond, sent, seconds, l.length,
                probes * probeRound, pct(l, 0.5), pct(l, 0.9), pct(l, 0.99), l.length == 0 ? Double.NaN : l[l.length - 1]);
    }

    private static double pct(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static ConfigurableApplicationContext startApp(String bootstrap, String pricing, Path stateDir) {
        return StrategyApplication.builder().run(
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--server.port=0",
                "--spring.kafka.streams.application-id=" + APP_ID,
                "--krr.strategy.pricing.address=" + pricing,
                "--krr.strategy.state-dir=" + stateDir,
                "--krr.strategy.emission.interval=200ms",
                "--logging.level.root=WARN");
    }

    private static void awaitRunning(ConfigurableApplicationContext app) throws InterruptedException {
        StreamsBuilderFactoryBean factory = app.getBean(StreamsBuilderFactoryBean.class);
        while (factory.getKafkaStreams() == null || factory.getKafkaStreams().state() != KafkaStreams.State.RUNNING) {
            Thread.sleep(20);
        }
    }

    private static void awaitCaughtUp(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APP_ID)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                admin.describeTopics(List.of(Topics.USAGE)).allTopicNames().get().get(Topics.USAGE).partitions()
                        .forEach(p -> request.put(new TopicPartition(Topics.USAGE, p.partition()), OffsetSpec.latest()));
                Map<TopicPartition, Long> ends = admin.listOffsets(request).all().get().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                boolean done = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || committed.containsKey(e.getKey()) && committed.get(e.getKey()).offset() >= e.getValue());
                if (done) {
                    return;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void awaitRecommendations(String bootstrap, int workloads) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(Topics.RECOMMENDATIONS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            java.util.Set<String> keys = new java.util.HashSet<>();
            while (keys.size() < workloads) {
                c.poll(Duration.ofMillis(100)).forEach(r -> keys.add(r.key()));
            }
        }
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(Topics.all().stream().map(t -> new org.apache.kafka.clients.admin.NewTopic(t.name(), 2, (short) 1)
                    .configs(t.configs())).toList()).all().get();
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static String describe(float[] a) {
        return Arrays.toString(a);
    }
}
