package dev.krr.collector.adapter.out.prometheus;

import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.MIB;
import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.POD_A;
import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.POD_B;
import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.krr.collector.domain.ContainerUsage;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.testsupport.PrometheusTestServer;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Prometheus usage source against a real Prometheus holding {@link ShopMetrics}' 24 hours. */
class PrometheusUsageSourceTest {

    @TempDir
    static Path dir;
    static PrometheusTestServer prometheus;

    @BeforeAll
    static void start() {
        prometheus = PrometheusTestServer.start(dir, w -> ShopMetrics.write(w, 24));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static PrometheusClient client(String url) throws Exception {
        return new PrometheusClient(new PrometheusClient.Settings(url, Map.of(), null, null, Duration.ofSeconds(30),
                SSLContext.getDefault()), RateLimiter.ofDefaults("t"), Bulkhead.ofDefaults("t"), Retry.ofDefaults("t"),
                CircuitBreaker.ofDefaults("t"));
    }

    private static PrometheusUsageSource source(PrometheusClient client) {
        return new PrometheusUsageSource(client, ShopMetrics.cluster(), Duration.ofSeconds(60), Duration.ofHours(12),
                null, null, 0);
    }

    private static ContainerUsage container(UsageWindow w, String pod, String container) {
        return w.containers().stream().filter(c -> c.pod().equals(pod) && c.container().equals(container)).findFirst().orElseThrow();
    }

    @Test
    void sixHoursInThreeBulkQueriesWithTheTrueNumbers() throws Exception {
        PrometheusClient client = client(prometheus.url());
        List<UsageWindow> windows = source(client).read(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(8)), Duration.ofHours(1));

        // CPU counters, memory peaks and counters: 3 range queries for 6 hourly windows of every container.
        assertThat(client.queriesSent()).isEqualTo(3);
        assertThat(windows).hasSize(6).allSatisfy(w -> {
            assertThat(w.workload()).isEqualTo(ShopMetrics.WEB);
            assertThat(Duration.between(w.start(), w.end())).isEqualTo(Duration.ofHours(1));
            // the ghost pod belongs to no known workload and is not attributed to anything
            assertThat(w.containers()).extracting(c -> c.pod() + "/" + c.container())
                    .containsExactlyInAnyOrder(POD_A + "/web", POD_A + "/istio-proxy", POD_B + "/web");
        });
        for (int i = 0; i < 6; i++) {
            UsageWindow w = windows.get(i);
            int hour = (int) Duration.between(T0, w.start()).toHours();
            ContainerUsage a = container(w, POD_A, "web");
            ContainerUsage b = container(w, POD_B, "web");
            assertThat(a.cpuCores()).hasSize(60);
            // Steps 2..59 see a 2 m rate window entirely inside hour h: exactly 0.1 + 0.05 * (h mod 4) cores.
            for (int s = 2; s < 60; s++) {
                assertThat((double) a.cpuCores()[s]).isCloseTo(ShopMetrics.cpuA(hour), within(1e-4));
                assertThat((double) b.cpuCores()[s]).isCloseTo(2 * ShopMetrics.cpuA(hour), within(1e-4));
            }
            assertThat((double) container(w, POD_A, "istio-proxy").cpuCores()[30]).isCloseTo(0.02, within(1e-4));
            // 10 CFS periods/s and 1 throttled/s over one hour: 36,000 and 3,600 (±1 % for extrapolation)
            assertThat(a.throttling().periods()).isCloseTo(36_000L, within(360L));
            assertThat(a.throttling().throttledPeriods()).isCloseTo(3_600L, within(36L));
            assertThat(a.throttling().throttledSeconds()).isCloseTo(180.0, within(2.0));
            assertThat(a.node()).isEqualTo("n1");
            assertThat(b.node()).isEqualTo("n2");
            if (hour == 3) {
                // one 300 MiB sample at 03:30:15, between two evaluation points: max_over_time catches it
                assertThat(a.memoryPeakBytes()).isEqualTo(300 * MIB);
            } else {
                assertThat(a.memoryPeakBytes()).isEqualTo((100 + hour) * MIB);
            }
            assertThat(a.memorySampleCount()).isEqualTo(60);
            if (hour == 5) {
                assertThat(a.oomKills()).isEqualTo(1);
                assertThat(a.memoryLimitAtOomBytes()).isEqualTo(512 * MIB);
            } else {
                assertThat(a.oomKills()).isZero();
            }
            assertThat(b.oomKills()).isZero();
        }
    }

    @Test
    void aCounterResetNeverBecomesANegativeOrHugeRate() throws Exception {
        List<UsageWindow> windows = source(client(prometheus.url()))
                .read(T0.plus(Duration.ofHours(20)), T0.plus(Duration.ofHours(21)), Duration.ofHours(1));
        ContainerUsage b = container(windows.get(0), POD_B, "web");
        // hour 20: b uses 2 * (0.1 + 0.05 * 0) = 0.2 cores; its counter restarts from 0 at 20:30. Steps 0 and 1
        // still see hour 19 (0.5 cores) in their 2 m rate window; from step 2 on, nothing above 0.2 and nothing below 0.
        for (int s = 2; s < 60; s++) {
            assertThat(b.cpuCores()[s]).isBetween(0f, 0.2001f);
        }
        assertThat(b.cpuSampleCount()).isEqualTo(60);
    }

    @Test
    void namespaceBatchesAndAClusterLabelNarrowTheSelector() throws Exception {
        PrometheusClient client = client(prometheus.url());
        PrometheusUsageSource scoped = new PrometheusUsageSource(client, ShopMetrics.cluster(), Duration.ofSeconds(60),
                Duration.ofHours(12), "cluster", "prod-1", 1);
        // the samples carry no cluster label, so a cluster-scoped query finds nothing: proof the label is applied
        assertThat(scoped.read(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3)), Duration.ofHours(1))).isEmpty();
        assertThat(scoped.selector("shop")).isEqualTo("{container!=\"\",container!=\"POD\",pod!=\"\",cluster=\"prod-1\",namespace=~\"shop\"}");
        PrometheusUsageSource batched = new PrometheusUsageSource(client, ShopMetrics.cluster(), Duration.ofSeconds(60),
                Duration.ofHours(12), null, null, 1);
        assertThat(batched.read(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3)), Duration.ofHours(1))).hasSize(1);
    }

    @Test
    void followModeReadsTheLastMinuteInTwoQueriesAndTheHourlyCountersWhenTheHourCloses() throws Exception {
        PrometheusClient client = client(prometheus.url());
        Instant end = T0.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(3));
        List<UsageWindow> windows = source(client).read(end.minus(Duration.ofMinutes(1)), end, Duration.ofHours(1));
        assertThat(client.queriesSent()).isEqualTo(2);
        assertThat(windows).hasSize(1);
        ContainerUsage a = container(windows.get(0), POD_A, "web");
        assertThat(a.cpuCores()).hasSize(1);
        // hour 10: 0.1 + 0.05 * (10 mod 4) = 0.2 cores
        assertThat((double) a.cpuCores()[0]).isCloseTo(ShopMetrics.cpuA(10), within(1e-6));
        assertThat(a.memoryPeakBytes()).isEqualTo(110 * MIB);
        assertThat(a.throttling()).isNull();

        Instant hourEnd = T0.plus(Duration.ofHours(11));
        ContainerUsage closing = container(source(client).read(hourEnd.minus(Duration.ofMinutes(1)), hourEnd, Duration.ofHours(1))
                .get(0), POD_A, "web");
        assertThat(client.queriesSent()).isEqualTo(5);
        // the minute that closes 10:00-11:00 carries that hour's CFS counters: 10/s * 3600 s
        assertThat(closing.throttling().periods()).isCloseTo(36_000L, within(360L));
    }
}
