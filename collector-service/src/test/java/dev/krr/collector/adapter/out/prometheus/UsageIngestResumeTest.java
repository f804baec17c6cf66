package dev.krr.collector.adapter.out.prometheus;

import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.POD_A;
import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.collector.adapter.out.kafka.KafkaUsagePublisher;
import dev.krr.collector.MovableClock;
import dev.krr.collector.app.IngestStatus;
import dev.krr.collector.app.UsageIngestService;
import dev.krr.collector.app.UsageSource;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.contracts.ProtobufSerde;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.UsageBatch;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.PrometheusTestServer;
import dev.krr.testsupport.TopicProbe;
import dev.krr.testsupport.WithKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill, crash, restart, follow: real Prometheus in, real Kafka out. The usage topic must end
 * up with every minute exactly once — no gap where the collector was down or a chunk failed, no
 * window published twice — and a transaction that fails half-way leaves nothing behind.
 */
@WithKafkaBroker
class UsageIngestResumeTest {

    @TempDir
    Path dir;

    /** A source that fails its n-th read, as a Prometheus outage would. */
    static UsageSource failingOnce(UsageSource delegate, int failOnCall) {
        AtomicInteger calls = new AtomicInteger();
        return new UsageSource() {
            @Override
            public String name() {
                return delegate.name();
            }

            @Override
            public List<UsageWindow> read(Instant from, Instant to, Duration batchWindow) {
                if (calls.incrementAndGet() == failOnCall) {
                    throw new PrometheusException.Transient("Prometheus answered HTTP 503 (test outage)", 503, null);
                }
                return delegate.read(from, to, batchWindow);
            }

            @Override
            public Duration maxChunk() {
                return delegate.maxChunk();
            }
        };
    }

    @Test
    void resumesFromTheCommittedWatermarkWithNoGapAndNoDuplicate(KafkaBroker broker) throws Exception {
        Map<String, Object> producer = Map.of("bootstrap.servers", broker.bootstrapServers());
        Map<String, Object> consumer = Map.of("bootstrap.servers", broker.bootstrapServers());
        try (PrometheusTestServer prometheus = PrometheusTestServer.start(dir, w -> ShopMetrics.write(w, 16))) {
            PrometheusUsageSource prom = new PrometheusUsageSource(PrometheusUsageSourceTest.client(prometheus.url()),
                    ShopMetrics.cluster(), Duration.ofSeconds(60), Duration.ofHours(2), null, null, 0);
            MovableClock clock = new MovableClock(T0.plus(Duration.ofHours(12)).plusSeconds(30));

            // run 1: 6 h history (from 05:00) in chunks aligned to 2 h: [05,06) then the chunk [06,08) fails once (outage)
            try (KafkaUsagePublisher sink = new KafkaUsagePublisher("c1", producer, consumer)) {
                UsageIngestService ingest = new UsageIngestService(failingOnce(prom, 2), sink, ShopMetrics.cluster(), clock,
                        Duration.ofHours(6), Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMinutes(1));
                ingest.catchUp();
                assertThat(ingest.status().watermark()).isEqualTo(T0.plus(Duration.ofHours(6)));
                assertThat(ingest.status().lastError()).contains("503");
                ingest.catchUp();
                // target = floor(12:00:30 - 1 m lag, 1 m) = 11:59
                assertThat(ingest.status().watermark()).isEqualTo(T0.plus(Duration.ofHours(11)).plus(Duration.ofMinutes(59)));
                assertThat(ingest.status().phase()).isEqualTo(IngestStatus.Phase.FOLLOW);
                assertThat(ingest.status().backfillPercent()).isEqualTo(100.0);
            }

            // the process "crashes"; 2.5 h later a new one starts and reads the watermark back from Kafka
            clock.now = T0.plus(Duration.ofHours(14)).plus(Duration.ofMinutes(30)).plusSeconds(30);
            try (KafkaUsagePublisher sink = new KafkaUsagePublisher("c1", producer, consumer)) {
                assertThat(sink.watermark("prometheus")).contains(T0.plus(Duration.ofHours(11)).plus(Duration.ofMinutes(59)));
                UsageIngestService ingest = new UsageIngestService(prom, sink, ShopMetrics.cluster(), clock,
                        Duration.ofHours(6), Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMinutes(1));
                ingest.catchUp();
                assertThat(ingest.status().watermark()).isEqualTo(T0.plus(Duration.ofHours(14)).plus(Duration.ofMinutes(29)));

                // a transaction that breaks half-way (second window cannot be keyed) publishes nothing
                UsageWindow good = new UsageWindow(ShopMetrics.WEB, T0.plus(Duration.ofHours(15)), T0.plus(Duration.ofHours(16)),
                        List.of(), "prometheus");
                UsageWindow bad = new UsageWindow(new WorkloadId("bad/ns", "Deployment", "x"), T0.plus(Duration.ofHours(15)),
                        T0.plus(Duration.ofHours(16)), List.of(), "prometheus");
                assertThatThrownBy(() -> sink.publish("prometheus", List.of(good, bad), T0.plus(Duration.ofHours(16))))
                        .hasMessageContaining("bad/ns");
                assertThat(sink.watermark("prometheus")).contains(T0.plus(Duration.ofHours(14)).plus(Duration.ofMinutes(29)));
            }
        }

        try (TopicProbe<UsageBatch> usage = new TopicProbe<>(broker.bootstrapServers(), Topics.USAGE,
                ProtobufSerde.of(UsageBatch.getDefaultInstance()).deserializer())) {
            // 05:00..14:29 = 569 minutes: hourly windows 05..10, [11:00,11:59), [11:59,12:00), 12, 13, [14:00,14:29)
            List<ConsumerRecord<String, UsageBatch>> records = usage.awaitCount(Duration.ofSeconds(30), 11);
            List<long[]> spans = new ArrayList<>();
            long minutes = 0;
            double cpuSeconds = 0;
            for (ConsumerRecord<String, UsageBatch> r : records) {
                UsageBatch b = r.value();
                spans.add(new long[] {b.getWindowStart().getSeconds(), b.getWindowEnd().getSeconds()});
                for (var c : b.getContainersList()) {
                    if (c.getPod().equals(POD_A) && c.getContainer().equals("web")) {
                        minutes += c.getCpu().getCoresCount();
                        for (float cores : c.getCpu().getCoresList()) {
                            assertThat(cores).as("no gap at a chunk, restart or follow boundary").isNotNaN();
                            cpuSeconds += cores * 60.0;
                        }
                    }
                }
            }
            // the true CPU of a/web over 05:00..14:29: whole hours 5..13 plus 29 minutes of hour 14, each minute once
            double expected = 0;
            for (int h = 5; h <= 14; h++) {
                expected += ShopMetrics.cpuA(h) * 60 * (h == 14 ? 29 : 60);
            }
            assertThat(cpuSeconds).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01 * 60));
            spans.sort((x, y) -> Long.compare(x[0], y[0]));
            assertThat(spans.get(0)[0]).isEqualTo(T0.plus(Duration.ofHours(5)).getEpochSecond());
            for (int i = 1; i < spans.size(); i++) {
                assertThat(spans.get(i)[0]).as("window %d starts where %d ended", i, i - 1).isEqualTo(spans.get(i - 1)[1]);
            }
            assertThat(spans.get(spans.size() - 1)[1]).isEqualTo(T0.plus(Duration.ofHours(14)).plus(Duration.ofMinutes(29)).getEpochSecond());
            assertThat(spans).hasSize(11);
            assertThat(minutes).isEqualTo(569);
            assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo("c1/shop/Deployment/web"));
            assertThat(records.stream().flatMap(r -> r.value().getContainersList().stream())
                    .filter(c -> c.getPod().equals(POD_A)).mapToInt(c -> c.getOom().getOomKills()).sum()).isEqualTo(1);
        }
    }

}
