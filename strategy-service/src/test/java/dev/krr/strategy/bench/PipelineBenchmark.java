package dev.krr.strategy.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.strategy.StrategyApplication;
import dev.krr.strategy.support.FixedRatesPricingServer;
import dev.krr.strategy.support.Fixtures;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.KafkaBrokers;
import dev.krr.types.v1.CapacityType;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
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
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * The strategy service end to end on a real (embedded KRaft) broker in the same JVM, on this
 * machine's cores:
 * <ol>
 *   <li><b>sustained throughput</b>: {@code W} workloads (snapshot + {@code B} usage batches of 60 CPU
 *       samples each, a workload's batches in a row as the collector's backfill sends them) are
 *       preloaded, then the service starts; rate from its streams being RUNNING until the usage topic
 *       is fully committed (whole run and last 75%), process and stream-thread CPU per batch, and the
 *       time until every workload has a recommendation;</li>
 *   <li><b>restore</b>: a second instance with an empty state directory restores the W workloads'
 *       state from the changelogs; time to RUNNING and the restore itself (a {@link StateRestoreListener});</li>
 *   <li><b>latency</b>: background usage at half the whole-run rate in the same batch shape, plus
 *       probe batches that each change their workload's recommendation materially; time from sending
 *       each probe batch to reading the recommendation that includes it (p50/p90/p99, unanswered =
 *       infinite).</li>
 * </ol>
 * Usage: {@code PipelineBenchmark [workloads=100000] [latencySeconds=30] [batchesPerWorkload=1] [--property=value ...]}
 * (extra arguments go to both service instances); see docs/benchmarks.md#strategy-service.
 */
public final class PipelineBenchmark {

    private static final int SAMPLES_PER_BATCH = 60;
    private static final String APP_ID = "krr-strategy-bench";

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int latencySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int batchesPerWorkload = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String[] extraProperties = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : new String[0];
        System.setProperty("krr.test.kafka", "embedded");
        Path work = Files.createTempDirectory("krr-strategy-bench");
        try (KafkaBroker broker = KafkaBrokers.start(2); FixedRatesPricingServer pricing = new FixedRatesPricingServer();
             KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
            String bootstrap = broker.bootstrapServers();
            createTopics(bootstrap);
            // every batch lies in the past (as a collector's would): preload and background passes walk forward from here
            Instant start = Instant.now().minus(Duration.ofDays(10));
            long t0 = System.nanoTime();
            for (int n = 0; n < 4; n++) {
                producer.send(new ProducerRecord<>(Topics.NODES, Keys.node("bench", "node-" + n),
                        Fixtures.node("bench", "node-" + n, n % 2 == 0 ? CapacityType.CAPACITY_TYPE_ON_DEMAND
                                : CapacityType.CAPACITY_TYPE_SPOT).toByteArray()));
            }
            Random random = new Random(1);
            for (int w = 0; w < workloads; w++) {
                String name = "w" + w;
                producer.send(new ProducerRecord<>(Topics.WORKLOADS, Keys.workload("bench", "ns", "Deployment", name),
                        Fixtures.deployment("bench", "ns", name, 1, "node-" + (w % 4)).toByteArray()));
            }
            // a workload's batches one after the other: the collector's Prometheus backfill publishes a 12 h chunk as
            // 12 hourly batches per workload, workload after workload
            for (int w = 0; w < workloads; w++) {
                String name = "w" + w;
                for (int b = 0; b < batchesPerWorkload; b++) {
                    producer.send(new ProducerRecord<>(Topics.USAGE, Keys.workload("bench", "ns", "Deployment", name),
                            Fixtures.usage("bench", "ns", name, name + "-0", start.plusSeconds(75L * SAMPLES_PER_BATCH * b), 75,
                                    cores(random, 0.2), 300_000_000L).toByteArray()));
                }
            }
            producer.flush();
            long batches = (long) workloads * batchesPerWorkload;
            System.out.printf(Locale.ROOT, "preloaded %d workloads x %d batches (%d samples) in %.1f s%n", workloads,
                    batchesPerWorkload, batches * SAMPLES_PER_BATCH, (System.nanoTime() - t0) / 1e9);

            // 1. sustained throughput
            long appStart = System.nanoTime();
            RestoreTimer restore1 = new RestoreTimer();
            ConfigurableApplicationContext app = startApp(bootstrap, pricing.address(), work.resolve("state-1"), restore1,
                    withInstanceId("bench-1", extraProperties));
            awaitRunning(app);
            long running = System.nanoTime();
            double startSeconds = (running - appStart) / 1e9;
            long cpuAtRunning = processCpuNanos();
            long[] quarterCommitted = new long[3]; // wall, process CPU and stream threads' CPU nanos at a quarter committed
            awaitCaughtUp(bootstrap, quarterCommitted);
            long caughtUp = System.nanoTime();
            long cpuAtCaughtUp = processCpuNanos();
            long streamCpuAtCaughtUp = streamThreadsCpuNanos();
            awaitRecommendations(bootstrap, workloads);
            long allRecommended = System.nanoTime();
            double ingestSeconds = (caughtUp - running) / 1e9;
            double rate = (double) batches * SAMPLES_PER_BATCH / ingestSeconds;
            double steadyRate = 0.75 * batches * SAMPLES_PER_BATCH / ((caughtUp - quarterCommitted[0]) / 1e9);
            System.out.printf(Locale.ROOT, "instance 1: start %.1f s; usage committed after %.1f s = %.0f samples/s (%.0f batches/s);"
                    + " last 75%% of the usage at %.0f samples/s; all %d workloads recommended after %.1f s = %.0f samples/s end to end;"
                    + " process CPU %.1f s = %.0f us per batch (last 75%%: %.0f us per batch, of which the stream threads %.0f us)%n",
                    startSeconds, ingestSeconds, rate,
                    batches / ingestSeconds, steadyRate, workloads, (allRecommended - running) / 1e9,
                    batches * (double) SAMPLES_PER_BATCH / ((allRecommended - running) / 1e9),
                    (cpuAtCaughtUp - cpuAtRunning) / 1e9, (cpuAtCaughtUp - cpuAtRunning) / 1e3 / batches,
                    (cpuAtCaughtUp - quarterCommitted[1]) / 1e3 / (0.75 * batches),
                    (streamCpuAtCaughtUp - quarterCommitted[2]) / 1e3 / (0.75 * batches));
            app.close();

            // 2. restore from the changelogs into an empty state directory
            long restoreStart = System.nanoTime();
            RestoreTimer restore2 = new RestoreTimer();
            app = startApp(bootstrap, pricing.address(), work.resolve("state-2"), restore2,
                    withInstanceId("bench-2", extraProperties));
            awaitRunning(app);
            double restoreSeconds = (System.nanoTime() - restoreStart) / 1e9;
            System.out.printf(Locale.ROOT, "instance 2 (empty state dir, %d workloads in changelogs): RUNNING after %.1f s"
                    + " (instance 1 with nothing to restore: %.1f s); restoring %s%n", workloads, restoreSeconds, startSeconds,
                    restore2);
            // a restarted instance re-checks every workload (a bounded number per punctuation); latency is measured after
            long recheckStart = System.nanoTime();
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            while (meters.counter("krr.strategy.recommendations.emitted").count()
                    + meters.counter("krr.strategy.recommendations.suppressed").count() < workloads) {
                Thread.sleep(50);
            }
            System.out.printf(Locale.ROOT, "instance 2: re-check of all %d workloads after the restart done %.1f s after RUNNING%n",
                    workloads, (System.nanoTime() - recheckStart) / 1e9);

            // 3. latency at half the measured rate
            latency(bootstrap, producer, random, workloads, batchesPerWorkload, rate / 2, latencySeconds, start.plusSeconds(
                    75L * SAMPLES_PER_BATCH * batchesPerWorkload));
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

    /**
     * Probes: 20 workloads get a usage batch every second whose memory peak is 30% above the last
     * one, so every batch changes their recommendation materially ({@code simple}: memory = max
     * working set × 1.15). Every send is remembered (probe, round, time); a recommendation carrying
     * memory M answers every outstanding round of its probe whose expected memory is ≤ M (one
     * emission can cover two rounds that arrived within one interval). Rounds never answered count
     * as infinitely late, so the percentiles cannot hide them.
     */
    private static void latency(String bootstrap, KafkaProducer<String, byte[]> producer, Random random, int workloads,
                                int batchesPerWorkload, double samplesPerSecond, int seconds, Instant backgroundStart)
            throws Exception {
        int probes = 20;
        int warmUpRounds = 2; // 120 points: past KRR's 100 points required, so every later round recommends memory
        // one 75-minute window per round and second, the last one ending about now
        Instant probeStart = Instant.now().minusSeconds(75L * SAMPLES_PER_BATCH * (warmUpRounds + seconds + 2));
        Map<String, ConcurrentSkipListMap<Integer, Long>> outstanding = new ConcurrentHashMap<>();
        List<Double> latenciesMs = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        for (int p = 0; p < probes; p++) {
            String name = "probe" + p;
            producer.send(new ProducerRecord<>(Topics.WORKLOADS, Keys.workload("bench", "ns", "Deployment", name),
                    Fixtures.deployment("bench", "ns", name, 1, "node-0").toByteArray()));
            outstanding.put(Keys.workload("bench", "ns", "Deployment", name), new ConcurrentSkipListMap<>());
        }
        for (int round = 1; round <= warmUpRounds; round++) {
            sendProbes(producer, random, probes, round, probeStart, null);
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
                        ConcurrentSkipListMap<Integer, Long> rounds = outstanding.get(r.key());
                        if (rounds == null || r.value() == null || !measuring.get()) {
                            return;
                        }
                        long now = System.nanoTime();
                        long memory = recommendedMemoryBytes(r.value());
                        while (!rounds.isEmpty() && expectedMemoryBytes(rounds.firstKey()) <= memory + (1 << 20)) {
                            latenciesMs.add((now - rounds.pollFirstEntry().getValue()) / 1e6);
                        }
                    });
                }
            }
        });
        reader.start();
        Thread.sleep(3000);
        measuring.set(true);
        double batchesPerSecond = samplesPerSecond / SAMPLES_PER_BATCH;
        long intervalNanos = (long) (1e9 / batchesPerSecond);
        long begin = System.nanoTime();
        long next = begin;
        long sent = 0;
        int probeRound = warmUpRounds;
        long nextProbe = begin;
        while (System.nanoTime() - begin < seconds * 1_000_000_000L) {
            long now = System.nanoTime();
            if (now >= nextProbe) {
                probeRound++;
                sendProbes(producer, random, probes, probeRound, probeStart, outstanding);
                nextProbe = now + 1_000_000_000L;
            }
            if (now >= next) {
                // the same shape as the preload: batchesPerWorkload batches of one workload in a row, workload after workload
                long visit = sent / batchesPerWorkload;
                int w = (int) (visit % workloads);
                long window = visit / workloads * batchesPerWorkload + sent % batchesPerWorkload;
                String name = "w" + w;
                producer.send(new ProducerRecord<>(Topics.USAGE, Keys.workload("bench", "ns", "Deployment", name),
                        Fixtures.usage("bench", "ns", name, name + "-0", backgroundStart.plusSeconds(75L * SAMPLES_PER_BATCH * window),
                                75, cores(random, 0.2), 300_000_000L).toByteArray()));
                sent++;
                next += intervalNanos;
            } else {
                Thread.onSpinWait();
            }
        }
        producer.flush();
        long sentAll = (long) probes * (probeRound - warmUpRounds);
        long drainUntil = System.nanoTime() + 10_000_000_000L;
        while (latenciesMs.size() < sentAll && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        running.set(false);
        reader.join();
        double[] answered = latenciesMs.stream().mapToDouble(Double::doubleValue).toArray();
        double[] l = Arrays.copyOf(answered, (int) sentAll);
        Arrays.fill(l, answered.length, l.length, Double.POSITIVE_INFINITY);
        Arrays.sort(l);
        System.out.printf(Locale.ROOT, "latency at %.0f samples/s background (%d batches sent = %.0f samples/s) for %d s:"
                        + " %d of %d probe batches answered within 10 s of the end; p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                samplesPerSecond, sent, sent * (double) SAMPLES_PER_BATCH / seconds, seconds, answered.length, sentAll,
                pct(l, 0.5), pct(l, 0.9), pct(l, 0.99), l.length == 0 ? Double.NaN : l[l.length - 1]);
    }

    private static void sendProbes(KafkaProducer<String, byte[]> producer, Random random, int probes, int round, Instant start,
                                   Map<String, ConcurrentSkipListMap<Integer, Long>> outstanding) {
        for (int p = 0; p < probes; p++) {
            String name = "probe" + p;
            String key = Keys.workload("bench", "ns", "Deployment", name);
            if (outstanding != null) {
                outstanding.get(key).put(round, System.nanoTime());
            }
            producer.send(new ProducerRecord<>(Topics.USAGE, key, Fixtures.usage("bench", "ns", name, name + "-0",
                    start.plusSeconds(75L * SAMPLES_PER_BATCH * round), 75, cores(random, 0.2), probePeakBytes(round))
                    .toByteArray()));
        }
    }

    /** Memory grows 30% per round: a material change every time. */
    private static long probePeakBytes(int round) {
        return (long) (200_000_000L * Math.pow(1.3, round));
    }

    /** What {@code simple} recommends after round {@code round}: the window's max peak × 1.15. */
    private static double expectedMemoryBytes(int round) {
        return probePeakBytes(round) * 1.15;
    }

    private static long recommendedMemoryBytes(byte[] value) {
        try {
            return Recommendation.parseFrom(value).getContainersList().stream()
                    .flatMap(c -> c.getResourcesList().stream())
                    .filter(r -> r.getResource() == Resource.RESOURCE_MEMORY_BYTES && r.hasRecommendedRequest())
                    .mapToLong(r -> r.getRecommendedRequest()).max().orElse(0);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable recommendation", e);
        }
    }

    private static double pct(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** CPU time of the live Kafka Streams stream threads (the processor's own work, without broker, JIT or GC). */
    private static long streamThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().matches(".*-StreamThread-[0-9]+")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Restoration as Kafka Streams reports it: first store restore start to last restore end, records restored. */
    static final class RestoreTimer implements StateRestoreListener {
        private final AtomicLong firstStart = new AtomicLong();
        private final AtomicLong lastEnd = new AtomicLong();
        private final AtomicLong records = new AtomicLong();

        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
            firstStart.compareAndSet(0, System.nanoTime());
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
            records.addAndGet(numRestored);
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            lastEnd.set(System.nanoTime());
        }

        @Override
        public String toString() {
            return firstStart.get() == 0 ? "nothing" : String.format(Locale.ROOT, "%d records in %.1f s",
                    records.get(), (lastEnd.get() - firstStart.get()) / 1e9);
        }
    }

    private static ConfigurableApplicationContext startApp(String bootstrap, String pricing, Path stateDir,
                                                           StateRestoreListener restoreListener, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--server.port=0",
                "--spring.kafka.streams.application-id=" + APP_ID,
                "--krr.strategy.pricing.address=" + pricing,
                "--krr.strategy.state-dir=" + stateDir,
                "--krr.strategy.emission.interval=200ms",
                "--logging.level.root=WARN"));
        args.addAll(List.of(extra));
        return StrategyApplication.builder()
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("benchRestoreTimer",
                        (StreamsBuilderFactoryBeanConfigurer) factory -> factory.setStateRestoreListener(restoreListener)))
                .run(args.toArray(String[]::new));
    }

    /** Static members that leave the group on close: instance 2 need not wait for instance 1's session timeout. */
    private static String[] withInstanceId(String id, String[] extra) {
        List<String> args = new ArrayList<>(List.of(extra));
        args.add(0, "--krr.strategy.streams.instance-id=" + id);
        return args.toArray(String[]::new);
    }

    private static void awaitRunning(ConfigurableApplicationContext app) throws InterruptedException {
        StreamsBuilderFactoryBean factory = app.getBean(StreamsBuilderFactoryBean.class);
        while (factory.getKafkaStreams() == null || factory.getKafkaStreams().state() != KafkaStreams.State.RUNNING) {
            Thread.sleep(20);
        }
    }

    /** Waits until the group committed the end of the usage topic; records when a quarter of it was committed. */
    private static void awaitCaughtUp(String bootstrap, long[] quarterCommittedNanos) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(List.of(Topics.USAGE)).allTopicNames().get().get(Topics.USAGE).partitions()
                    .forEach(p -> request.put(new TopicPartition(Topics.USAGE, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = admin.listOffsets(request).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            long total = ends.values().stream().mapToLong(Long::longValue).sum();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APP_ID)
                        .partitionsToOffsetAndMetadata().get();
                long done = ends.keySet().stream().mapToLong(tp -> committed.containsKey(tp)
                        ? Math.min(committed.get(tp).offset(), ends.get(tp)) : 0).sum();
                if (quarterCommittedNanos[0] == 0 && done * 4 >= total) {
                    quarterCommittedNanos[0] = System.nanoTime();
                    quarterCommittedNanos[1] = processCpuNanos();
                    quarterCommittedNanos[2] = streamThreadsCpuNanos();
                }
                if (done >= total) {
                    return;
                }
                Thread.sleep(50);
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
