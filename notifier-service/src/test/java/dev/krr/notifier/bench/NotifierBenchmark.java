package dev.krr.notifier.bench;

import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Severity;
import dev.krr.notifier.adapter.in.kafka.RecommendationMapper;
import dev.krr.notifier.adapter.in.kafka.WebhookSubscriptionListener;
import dev.krr.notifier.adapter.out.kafka.DeadLetterPublisher;
import dev.krr.notifier.adapter.out.report.CsvReportWriter;
import dev.krr.notifier.adapter.out.report.HtmlReportWriter;
import dev.krr.notifier.adapter.out.report.JsonReportWriter;
import dev.krr.notifier.adapter.out.webhook.CloudEventsFormatter;
import dev.krr.notifier.adapter.out.webhook.HttpWebhookClient;
import dev.krr.notifier.app.ReportWriter;
import dev.krr.notifier.app.WebhookDeliverer;
import dev.krr.notifier.domain.BackoffPolicy;
import dev.krr.notifier.domain.DeliveryMode;
import dev.krr.notifier.domain.NamespaceSummary;
import dev.krr.notifier.domain.RecommendationFilter;
import dev.krr.notifier.domain.RecommendationView;
import dev.krr.notifier.domain.Subscription;
import dev.krr.notifier.domain.SubscriptionFilter;
import dev.krr.notifier.domain.SummaryCalculator;
import dev.krr.notifier.domain.WebhookFormat;
import dev.krr.notifier.domain.WorkloadRecommendation;
import dev.krr.notifier.fixtures.RecommendationFixtures;
import dev.krr.notifier.fixtures.WebhookReceiver;
import dev.krr.notifier.fixtures.WebhookReceiver.Reply;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.KafkaBrokers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Pipeline benchmark of the notifier (not run by mvn verify): report generation for 100,000
 * recommendations, webhook deliveries per second to loopback receivers through a real broker, and
 * the latency of fast endpoints with and without one endpoint answering after 5 s. Prints
 * medians; see docs/benchmarks.md#notifier-service for the command and results.
 */
public final class NotifierBenchmark {

    public static void main(String[] args) throws Exception {
        String only = args.length > 0 ? args[0] : "all";
        if (only.equals("all") || only.equals("reports")) {
            reports(100_000, 5);
        }
        if (only.equals("all") || only.equals("webhooks")) {
            try (KafkaBroker broker = KafkaBrokers.start(4)) {
                throughput(broker, 1, 10_000);
                throughput(broker, 4, 10_000);
                isolation(broker, false);
                isolation(broker, true);
            }
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- reports

    static void reports(int n, int runs) throws Exception {
        RecommendationMapper mapper = new RecommendationMapper();
        RecommendationView view = new RecommendationView();
        Severity[] severities = {Severity.SEVERITY_GOOD, Severity.SEVERITY_OK, Severity.SEVERITY_WARNING, Severity.SEVERITY_CRITICAL};
        for (int i = 0; i < n; i++) {
            String current = String.valueOf(10 + i % 90) + ".25";
            String recommended = String.valueOf(5 + i % 40) + ".5";
            view.upsert(mapper.toDomain(RecommendationFixtures.rec("cluster-" + (i % 10), "ns-" + (i % 200), "w-" + i,
                    severities[i % 4], current, recommended, 1)));
        }
        List<ReportWriter> writers = List.of(new CsvReportWriter(),
                new JsonReportWriter(JsonMapper.builder().build(), "json", "application/json"),
                new JsonReportWriter(YAMLMapper.builder().build(), "yaml", "application/yaml"),
                new HtmlReportWriter(Clock.systemUTC()));
        System.out.printf("reports: %,d recommendations, %d runs after 2 warm-ups%n", n, runs);
        for (ReportWriter w : writers) {
            List<Long> millis = new ArrayList<>();
            List<Long> cpuMillis = new ArrayList<>();
            long bytes = 0;
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int run = 0; run < runs + 2; run++) {
                CountingWriter out = new CountingWriter();
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                List<WorkloadRecommendation> recs = view.query(RecommendationFilter.ALL);
                List<NamespaceSummary> summaries = new SummaryCalculator().summarise(recs);
                w.write(recs, summaries, out);
                long took = System.nanoTime() - start;
                long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
                if (run >= 2) {
                    millis.add(TimeUnit.NANOSECONDS.toMillis(took));
                    cpuMillis.add(TimeUnit.NANOSECONDS.toMillis(cpu));
                }
                bytes = out.count;
            }
            System.out.printf("  %-5s median %5d ms wall (min %d, max %d), median %5d ms thread CPU  %,d chars%n", w.format(),
                    median(millis), Collections.min(millis), Collections.max(millis), median(cpuMillis), bytes);
        }
    }

    // ---------------------------------------------------------------- webhooks

    static void throughput(KafkaBroker broker, int subscriptions, int events) throws Exception {
        String topic = "bench.throughput." + subscriptions;
        produce(broker, topic, events, null);
        List<WebhookReceiver> receivers = new ArrayList<>();
        List<WebhookSubscriptionListener> listeners = new ArrayList<>();
        for (int s = 0; s < subscriptions; s++) {
            WebhookReceiver r = new WebhookReceiver(x -> Reply.ok());
            receivers.add(r);
            listeners.add(listener(broker, topic, "tp" + subscriptions + "-" + s, r.url()));
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        listeners.forEach(WebhookSubscriptionListener::start);
        while (receivers.stream().anyMatch(r -> r.delivered().isEmpty())) {
            Thread.sleep(1);
        }
        long cpuStart = os.getProcessCpuTime();
        long start = receivers.stream().mapToLong(r -> r.delivered().get(0).arrivalNanos()).min().orElseThrow();
        while (receivers.stream().mapToInt(r -> r.delivered().size()).sum() < events * subscriptions) {
            Thread.sleep(20);
        }
        long end = receivers.stream().mapToLong(r -> r.delivered().get(r.delivered().size() - 1).arrivalNanos()).max().orElseThrow();
        double seconds = (end - start) / 1e9;
        double cpuMicrosPerDelivery = (os.getProcessCpuTime() - cpuStart) / 1e3 / (events * subscriptions);
        System.out.printf("throughput: %d subscription(s) x %,d events: %.1f s from first to last delivery, %,.0f deliveries/s;"
                        + " process CPU %.0f us per delivery (notifier + receiver + broker in one JVM) -> %,.0f/s on 2 idle cores%n",
                subscriptions, events, seconds, events * subscriptions / seconds, cpuMicrosPerDelivery,
                2e6 / cpuMicrosPerDelivery);
        listeners.forEach(WebhookSubscriptionListener::stop);
        receivers.forEach(WebhookReceiver::close);
    }

    /** Latency of two fast endpoints while events arrive at 100/s, with or without a third endpoint at 5 s latency. */
    static void isolation(KafkaBroker broker, boolean withSlowEndpoint) throws Exception {
        String topic = "bench.isolation." + withSlowEndpoint;
        int events = 1_000;
        Map<String, Long> producedAt = new ConcurrentHashMap<>();
        List<WebhookReceiver> fast = List.of(new WebhookReceiver(x -> Reply.ok()), new WebhookReceiver(x -> Reply.ok()));
        WebhookReceiver slow = new WebhookReceiver(x -> new Reply(200, null, 5_000));
        List<WebhookSubscriptionListener> listeners = new ArrayList<>();
        for (int i = 0; i < fast.size(); i++) {
            listeners.add(listener(broker, topic, "iso-" + withSlowEndpoint + "-fast" + i, fast.get(i).url()));
        }
        if (withSlowEndpoint) {
            listeners.add(listener(broker, topic, "iso-" + withSlowEndpoint + "-slow", slow.url()));
        }
        // create the topic and let the groups join before measuring
        produce(broker, topic, 1, null);
        listeners.forEach(WebhookSubscriptionListener::start);
        while (fast.stream().anyMatch(r -> r.delivered().isEmpty())) {
            Thread.sleep(20);
        }
        produce(broker, topic, events, producedAt);
        while (fast.stream().anyMatch(r -> r.delivered().size() < events + 1)) {
            Thread.sleep(20);
        }
        List<Long> latencies = new ArrayList<>();
        for (WebhookReceiver r : fast) {
            for (WebhookReceiver.Received rec : r.delivered()) {
                Long at = producedAt.get(rec.header("Idempotency-Key"));
                if (at != null) {
                    latencies.add(TimeUnit.NANOSECONDS.toMicros(rec.arrivalNanos() - at));
                }
            }
        }
        Collections.sort(latencies);
        System.out.printf("isolation (%s): fast endpoints' latency produce->receive over %,d deliveries: p50 %.1f ms, p99 %.1f ms, max %.1f ms; slow endpoint got %d%n",
                withSlowEndpoint ? "with one 5 s endpoint" : "fast endpoints only", latencies.size(),
                latencies.get(latencies.size() / 2) / 1000.0, latencies.get((int) (latencies.size() * 0.99)) / 1000.0,
                latencies.get(latencies.size() - 1) / 1000.0, slow.received().size());
        listeners.forEach(WebhookSubscriptionListener::stop);
        fast.forEach(WebhookReceiver::close);
        slow.close();
    }

    private static WebhookSubscriptionListener listener(KafkaBroker broker, String topic, String id, String url) {
        Clock clock = Clock.systemUTC();
        Subscription sub = new Subscription(id, URI.create(url), "bench-secret", WebhookFormat.CLOUDEVENTS,
                DeliveryMode.EVERY_CHANGE, null, 5, SubscriptionFilter.ANY, true, Subscription.Origin.CONFIG);
        WebhookDeliverer deliverer = new WebhookDeliverer(new HttpWebhookClient(Duration.ofSeconds(5), clock),
                new BackoffPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(60), 0.2, Duration.ofMinutes(10)), 6,
                Duration.ofSeconds(30), clock, () -> 0.5, new SimpleMeterRegistry(), Duration.ofSeconds(30));
        DeadLetterPublisher dlq = new DeadLetterPublisher(new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer()), Duration.ofSeconds(10));
        return new WebhookSubscriptionListener(sub, topic, topic + ".dlq", "bench-",
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new RecommendationMapper(),
                new CloudEventsFormatter(JsonMapper.builder().build(), "/bench"), deliverer, CircuitBreaker.ofDefaults(id),
                dlq, clock, Duration.ofMillis(100));
    }

    /** Produces {@code n} recommendations; with {@code producedAt}, paced at 100/s and timed per event id. */
    private static void produce(KafkaBroker broker, String topic, int n, Map<String, Long> producedAt) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Recommendation r = RecommendationFixtures.rec("c" + (i % 3), "ns" + (i % 20), "w" + i, Severity.SEVERITY_WARNING,
                        "20", "10", 1);
                if (producedAt != null) {
                    long due = start + i * 10_000_000L;
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    long sentAt = System.nanoTime();
                    producer.send(new ProducerRecord<>(topic, Keys.workload(r.getCluster(), r.getNamespace(), r.getKind(), r.getName()),
                            r.toByteArray()), (meta, e) -> {
                                if (e == null) {
                                    producedAt.put(UUID.nameUUIDFromBytes((meta.topic() + "/" + meta.partition() + "/" + meta.offset())
                                            .getBytes(StandardCharsets.UTF_8)).toString(), sentAt);
                                }
                            });
                    producer.flush();
                } else {
                    producer.send(new ProducerRecord<>(topic, Keys.workload(r.getCluster(), r.getNamespace(), r.getKind(), r.getName()),
                            r.toByteArray()));
                }
            }
            producer.flush();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Discards output but counts it, so the benchmark measures rendering, not disk. */
    static final class CountingWriter extends Writer {
        long count;

        @Override
        public void write(char[] cbuf, int off, int len) {
            count += len;
        }

        @Override
        public void write(String str, int off, int len) {
            count += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
