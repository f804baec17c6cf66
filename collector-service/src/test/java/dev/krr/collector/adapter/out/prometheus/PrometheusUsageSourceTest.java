package dev.krr.collector.adapter.out.prometheus;

import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.MIB;
import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.POD_A;
import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.POD_B;
import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.krr.collector.app.ClusterView;
import dev.krr.collector.domain.ContainerResources;
import dev.krr.collector.domain.ContainerRole;
import dev.krr.collector.domain.ContainerUsage;
import dev.krr.collector.domain.PodPlacement;
import dev.krr.collector.domain.ResourceAmounts;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import dev.krr.testsupport.PrometheusTestServer;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.krr.collector.adapter.out.prometheus.PrometheusUsageSource.RawReadApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
        return source(client, RawReadApi.REMOTE_READ);
    }

    private static PrometheusUsageSource source(PrometheusClient client, RawReadApi api) {
        return new PrometheusUsageSource(client, ShopMetrics.cluster(), Duration.ofSeconds(60), Duration.ofHours(12),
                null, null, 0, 0, api);
    }

    private static ContainerUsage container(UsageWindow w, String pod, String container) {
        return w.containers().stream().filter(c -> c.pod().equals(pod) && c.container().equals(container)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(RawReadApi.class)
    void sixHoursInTwoBulkQueriesWithTheTrueNumbers(RawReadApi api) throws Exception {
        PrometheusClient client = client(prometheus.url());
        List<UsageWindow> windows = source(client, api).read(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(8)), Duration.ofHours(1));

        // raw CPU and memory samples in one query, counters in another, for 6 hourly windows of every container
        assertThat(client.queriesSent()).isEqualTo(2);
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
            // every step of hour h lies inside hour h: exactly 0.1 + 0.05 * (h mod 4) cores, from the counter's samples
            for (int s = 0; s < 60; s++) {
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
                // one 300 MiB sample at 03:30:15, between two step boundaries: the raw samples contain it
                assertThat(a.memoryPeakBytes()).isEqualTo(300 * MIB);
            } else {
                assertThat(a.memoryPeakBytes()).isEqualTo((100 + hour) * MIB);
            }
            assertThat(a.memorySampleCount()).isEqualTo(60);
            assertThat(a.memoryBytes()).hasSize(60);
            if (hour == 5) {
                assertThat(a.oomKills()).isEqualTo(1);
                assertThat(a.memoryLimitAtOomBytes()).isEqualTo(512 * MIB);
            } else {
                assertThat(a.oomKills()).isZero();
            }
            assertThat(b.oomKills()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(RawReadApi.class)
    void aCounterResetNeverBecomesANegativeOrHugeRate(RawReadApi api) throws Exception {
        List<UsageWindow> windows = source(client(prometheus.url()), api)
                .read(T0.plus(Duration.ofHours(20)), T0.plus(Duration.ofHours(21)), Duration.ofHours(1));
        ContainerUsage b = container(windows.get(0), POD_B, "web");
        // hour 20: b uses 2 * (0.1 + 0.05 * 0) = 0.2 cores; its counter restarts from 0 at 20:30:00 (the 15 s
        // before that sample are lost, as in Prometheus' rate): step 29 is 45/60 of 0.2, every other step exactly 0.2.
        for (int s = 0; s < 60; s++) {
            assertThat((double) b.cpuCores()[s]).isCloseTo(s == 29 ? 0.15 : 0.2, within(1e-4));
        }
        assertThat(b.cpuSampleCount()).isEqualTo(60);
    }

    @ParameterizedTest
    @EnumSource(RawReadApi.class)
    void aScrapeGapAndNaNSamplesAreGapsOrSkippedNeverZero(RawReadApi api) throws Exception {
        ContainerUsage istio = container(source(client(prometheus.url()), api)
                .read(T0.plus(Duration.ofHours(7)), T0.plus(Duration.ofHours(8)), Duration.ofHours(1)).get(0), POD_A, "istio-proxy");
        // no samples in (07:10, 07:20): boundaries 07:11..07:19 see the 07:10 sample again (steps 10..18 have no
        // new sample: NaN, not 0) or nothing; 07:20's sample is 10 minutes after 07:10, older than the lookback
        // from 07:19 on, so step 19 is unknown too. Steps 20.. are exact again.
        for (int s = 0; s < 60; s++) {
            if (s >= 10 && s <= 19) {
                assertThat(istio.cpuCores()[s]).as("step %d", s).isNaN();
            } else {
                // the NaN sample at 07:40:00 is skipped: steps 39 and 40 use 07:39:45 and stay exact
                assertThat((double) istio.cpuCores()[s]).as("step %d", s).isCloseTo(0.02, within(1e-4));
            }
        }
        // memory steps (07:10, 07:11] .. (07:18, 07:19] have no sample; the NaN at 07:45:00 is skipped
        assertThat(istio.memorySampleCount()).isEqualTo(51);
        assertThat(istio.memoryBytes()).isNull();
        assertThat(istio.memoryPeakBytes()).isEqualTo(50 * MIB);
    }

    @ParameterizedTest
    @EnumSource(RawReadApi.class)
    void followReadsCarryTheLastCounterSampleSoEachMinuteReadsOnlyItsOwnRange(RawReadApi api) throws Exception {
        PrometheusClient client = client(prometheus.url());
        PrometheusUsageSource source = source(client, api);
        Instant t = T0.plus(Duration.ofHours(9)).plus(Duration.ofMinutes(30));
        for (int i = 0; i < 3; i++) {
            List<UsageWindow> w = source.read(t, t.plus(Duration.ofMinutes(1)), Duration.ofHours(1));
            // the first read has nothing carried over and adds the 5 m lookback; the following ones read 60 s
            assertThat(source.lastRawRange()).isEqualTo(i == 0 ? Duration.ofSeconds(360) : Duration.ofSeconds(60));
            assertThat((double) container(w.get(0), POD_A, "web").cpuCores()[0]).isCloseTo(ShopMetrics.cpuA(9), within(1e-6));
            assertThat((double) container(w.get(0), POD_B, "web").cpuCores()[0]).isCloseTo(2 * ShopMetrics.cpuA(9), within(1e-6));
            t = t.plus(Duration.ofMinutes(1));
        }
        assertThat(client.queriesSent()).isEqualTo(3);
        // a read that does not start where the last one ended (a retried chunk) does not trust the carried samples
        source.read(T0.plus(Duration.ofHours(9)), T0.plus(Duration.ofHours(9)).plus(Duration.ofMinutes(1)), Duration.ofHours(1));
        assertThat(source.lastRawRange()).isEqualTo(Duration.ofSeconds(360));
    }

    @Test
    void namespaceBatchesStayWithinTheContainerBudget() {
        ClusterView cluster = clusterOf(Map.of("a", 400, "b", 400, "c", 300, "d", 1200));
        PrometheusUsageSource budget = new PrometheusUsageSource(null, cluster, Duration.ofSeconds(60), Duration.ofHours(24),
                null, null, 0, 1000, PrometheusUsageSource.RawReadApi.REMOTE_READ);
        assertThat(budget.namespaceBatches()).containsExactly("a|b", "c", "d");
        PrometheusUsageSource both = new PrometheusUsageSource(null, cluster, Duration.ofSeconds(60), Duration.ofHours(24),
                null, null, 1, 5000, PrometheusUsageSource.RawReadApi.REMOTE_READ);
        assertThat(both.namespaceBatches()).containsExactly("a", "b", "c", "d");
        PrometheusUsageSource none = new PrometheusUsageSource(null, cluster, Duration.ofSeconds(60), Duration.ofHours(24),
                null, null, 0, 0, PrometheusUsageSource.RawReadApi.REMOTE_READ);
        assertThat(none.namespaceBatches()).containsExactly((String) null);
    }

    @Test
    void aServerWithoutRemoteReadMakesTheSourceUseTheQueryApiOnceAndForAll() throws Exception {
        // a real HTTP front of the real Prometheus that offers the query API but answers remote read with 404,
        // as Thanos Query or VictoriaMetrics would
        HttpServer front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpClient http = HttpClient.newHttpClient();
        AtomicInteger remoteReads = new AtomicInteger();
        front.createContext("/api/v1/read", ex -> {
            remoteReads.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            byte[] body = "404 page not found".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            ex.sendResponseHeaders(404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        front.createContext("/api/v1/", ex -> {
            byte[] form = ex.getRequestBody().readAllBytes();
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(prometheus.url() + ex.getRequestURI()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
                ex.getResponseHeaders().add("Content-Type", r.headers().firstValue("Content-Type").orElse("application/json"));
                ex.sendResponseHeaders(r.statusCode(), r.body().length);
                ex.getResponseBody().write(r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(500, -1);
            }
            ex.close();
        });
        front.start();
        try {
            PrometheusUsageSource source = source(client("http://127.0.0.1:" + front.getAddress().getPort()));
            int afterFirstRead = 0;
            for (int i = 0; i < 2; i++) {
                Instant from = T0.plus(Duration.ofHours(9 + i));
                ContainerUsage a = container(source.read(from, from.plus(Duration.ofHours(1)), Duration.ofHours(1)).get(0), POD_A, "web");
                assertThat((double) a.cpuCores()[30]).isCloseTo(ShopMetrics.cpuA(9 + i), within(1e-6));
                afterFirstRead = i == 0 ? remoteReads.get() : afterFirstRead;
            }
            assertThat(source.usesRemoteRead()).isFalse();
            // tried during the first read only (the test's default Retry repeats any failure; production retries
            // only transient ones), never again afterwards
            assertThat(afterFirstRead).isPositive();
            assertThat(remoteReads).hasValue(afterFirstRead);
        } finally {
            front.stop(0);
        }
    }

    /** Namespaces with one Deployment each, of the given number of one-container pods. */
    private static ClusterView clusterOf(Map<String, Integer> podsPerNamespace) {
        List<WorkloadState> states = new ArrayList<>();
        podsPerNamespace.forEach((ns, pods) -> {
            List<PodPlacement> placements = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                placements.add(new PodPlacement("p-" + i, "n1", "Running"));
            }
            states.add(new WorkloadState(new WorkloadId(ns, "Deployment", "app"), "uid-" + ns, Map.of(), Map.of(), Map.of(), null,
                    pods, List.of(new ContainerResources("app", ContainerRole.MAIN, ResourceAmounts.NONE, ResourceAmounts.NONE,
                            "app:1")), null, placements, T0));
        });
        return new ClusterView() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public Collection<WorkloadState> workloads() {
                return states;
            }

            @Override
            public Optional<WorkloadId> workloadOfPod(String namespace, String pod) {
                return Optional.empty();
            }
        };
    }

    @Test
    void namespaceBatchesAndAClusterLabelNarrowTheSelector() throws Exception {
        PrometheusClient client = client(prometheus.url());
        PrometheusUsageSource scoped = new PrometheusUsageSource(client, ShopMetrics.cluster(), Duration.ofSeconds(60),
                Duration.ofHours(12), "cluster", "prod-1", 1);
        // the samples carry no cluster label, so a cluster-scoped query finds nothing: proof the label is applied
        assertThat(scoped.read(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3)), Duration.ofHours(1))).isEmpty();
        assertThat(scoped.selector("shop")).isEqualTo("{container!=\"\",container!=\"POD\",cluster=\"prod-1\",namespace=~\"shop\"}");
        assertThat(scoped.rawQuery(scoped.selector("shop"), Duration.ofHours(24))).isEqualTo(
                "{__name__=~\"container_cpu_usage_seconds_total|container_memory_working_set_bytes\",container!=\"\",container!=\"POD\","
                        + "cluster=\"prod-1\",namespace=~\"shop\"}[86400s]");
        PrometheusUsageSource batched = new PrometheusUsageSource(client, ShopMetrics.cluster(), Duration.ofSeconds(60),
                Duration.ofHours(12), null, null, 1);
        assertThat(batched.read(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3)), Duration.ofHours(1))).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(RawReadApi.class)
    void followModeReadsTheLastMinuteInOneQueryAndTheHourlyCountersWhenTheHourCloses(RawReadApi api) throws Exception {
        PrometheusClient client = client(prometheus.url());
        Instant end = T0.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(3));
        List<UsageWindow> windows = source(client, api).read(end.minus(Duration.ofMinutes(1)), end, Duration.ofHours(1));
        assertThat(client.queriesSent()).isEqualTo(1);
        assertThat(windows).hasSize(1);
        ContainerUsage a = container(windows.get(0), POD_A, "web");
        assertThat(a.cpuCores()).hasSize(1);
        // hour 10: 0.1 + 0.05 * (10 mod 4) = 0.2 cores
        assertThat((double) a.cpuCores()[0]).isCloseTo(ShopMetrics.cpuA(10), within(1e-6));
        assertThat(a.memoryPeakBytes()).isEqualTo(110 * MIB);
        assertThat(a.throttling()).isNull();

        Instant hourEnd = T0.plus(Duration.ofHours(11));
        ContainerUsage closing = container(source(client, api).read(hourEnd.minus(Duration.ofMinutes(1)), hourEnd, Duration.ofHours(1))
                .get(0), POD_A, "web");
        assertThat(client.queriesSent()).isEqualTo(3);
        // the minute that closes 10:00-11:00 carries that hour's CFS counters: 10/s * 3600 s
        assertThat(closing.throttling().periods()).isCloseTo(36_000L, within(360L));
    }
}
