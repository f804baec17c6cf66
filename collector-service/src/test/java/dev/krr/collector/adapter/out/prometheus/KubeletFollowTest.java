package dev.krr.collector.adapter.out.prometheus;

import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.MIB;
import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.POD_A;
import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.POD_B;
import static dev.krr.collector.adapter.out.prometheus.ShopMetrics.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.krr.collector.KubeletClusterView;
import dev.krr.collector.MovableClock;
import dev.krr.collector.adapter.out.kubelet.DirectKubeletClient;
import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer;
import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer.Container;
import dev.krr.collector.adapter.out.kubelet.KubeletUsageFollower;
import dev.krr.collector.app.ClusterView;
import dev.krr.collector.domain.ContainerUsage;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.testsupport.PrometheusTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Following from the kubelets against the real thing on both sides: a real Prometheus holding
 * {@link ShopMetrics}' day, and emulated kubelets (real HTTPS, the kubelet's exact text format)
 * serving the very counters and working sets that Prometheus scraped, at the same instants. A
 * followed minute must equal the Prometheus read of that minute step for step, without any raw
 * Prometheus read; pods of a node that stops answering must come from Prometheus, and only they.
 */
class KubeletFollowTest {

    private static final long T10 = T0.plus(Duration.ofHours(10)).getEpochSecond();
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    static Path promDir;
    static PrometheusTestServer prometheus;

    @TempDir
    Path dir;
    MovableClock clock;
    KubeletFleetServer fleet;
    KubeletUsageFollower follower;

    @BeforeAll
    static void startPrometheus() {
        prometheus = PrometheusTestServer.start(promDir, w -> ShopMetrics.write(w, 24));
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @BeforeEach
    void startKubelets() throws Exception {
        clock = new MovableClock(Instant.ofEpochSecond(T10));
        fleet = KubeletFleetServer.builder().clock(clock).node("n1").node("n2").bearerToken("collector-token").start();
        fleet.node("n1").add(shop(POD_A, "web")).add(shop(POD_A, "istio-proxy"));
        fleet.node("n2").add(shop(POD_B, "web"));
        // ShopMetrics' CFS counters: 10 periods/s, 1 throttled period/s, 0.05 throttled s/s since its first scrape
        long cfsSince = (T0.getEpochSecond() - 600) * 1000;
        fleet.node("n1").quota("shop", POD_A, "web", KubeletFleetServer.Cfs.steady(cfsSince, 10, 1, 0.05))
                .quota("shop", POD_A, "istio-proxy", KubeletFleetServer.Cfs.steady(cfsSince, 10, 1, 0.05));
        fleet.node("n2").quota("shop", POD_B, "web", KubeletFleetServer.Cfs.steady(cfsSince, 10, 1, 0.05));
        Path token = Files.writeString(dir.resolve("token"), "collector-token");
        DirectKubeletClient client = new DirectKubeletClient(new DirectKubeletClient.Settings("https", token,
                fleet.writeCaCertificate(dir.resolve("ca.pem")), false, Duration.ofSeconds(5)), clock);
        follower = new KubeletUsageFollower(client, cluster()::kubelets, clock, Duration.ofSeconds(15), 2, Duration.ofMinutes(30));
    }

    @AfterEach
    void stop() {
        follower.close();
        fleet.close();
    }

    /** A shop container as the kubelet serves it: ShopMetrics' values at the fleet clock's second. */
    private static Container shop(String pod, String container) {
        return new Container("shop", pod, container, ms -> ShopMetrics.cpuCounter(pod, container, (long) (ms / 1000)),
                ms -> ShopMetrics.workingSet(pod, container, (long) (ms / 1000)));
    }

    /** ShopMetrics' cluster, whose nodes n1 and n2 are the fleet's kubelets. */
    private ClusterView cluster() {
        return new KubeletClusterView(ShopMetrics.cluster(),
                () -> fleet == null ? List.of() : fleet.nodes().stream().map(KubeletFleetServer.Node::endpoint).toList());
    }

    private PrometheusUsageSource source() throws Exception {
        return new PrometheusUsageSource(PrometheusUsageSourceTest.client(prometheus.url()), cluster(), STEP, Duration.ofHours(12),
                null, null, 0);
    }

    /** Scrape rounds every 15 s of fleet time over {@code [fromSecond, toSecond]}. */
    private void scrapeEvery15s(long fromSecond, long toSecond) {
        for (long t = fromSecond; t <= toSecond; t += 15) {
            clock.now = Instant.ofEpochSecond(t);
            follower.scrapeRound();
        }
    }

    /** Every container's CPU and memory steps equal those of the Prometheus read of the same range. */
    private static void assertSameSteps(Map<String, ContainerUsage> actual, Map<String, ContainerUsage> prometheus) {
        for (String c : prometheus.keySet()) {
            assertThat(actual.get(c).cpuCores()).as(c + " CPU").containsExactly(prometheus.get(c).cpuCores(), within(1e-6f));
            assertThat(actual.get(c).memoryBytes()).as(c + " memory").containsExactly(prometheus.get(c).memoryBytes());
        }
    }

    private static Map<String, ContainerUsage> byContainer(List<UsageWindow> windows) {
        Map<String, ContainerUsage> out = new HashMap<>();
        windows.forEach(w -> w.containers().forEach(c -> out.put(c.pod() + "/" + c.container(), c)));
        return out;
    }

    @Test
    void aFollowedMinuteEqualsThePrometheusReadOfItWithoutReadingPrometheus() throws Exception {
        scrapeEvery15s(T10, T10 + 300);
        Instant from = Instant.ofEpochSecond(T10 + 60);
        Instant to = Instant.ofEpochSecond(T10 + 240);

        PrometheusUsageSource followed = source().followFrom(follower);
        List<UsageWindow> viaKubelets = followed.read(from, to, Duration.ofHours(1));
        List<UsageWindow> viaPrometheus = source().read(from, to, Duration.ofHours(1));

        assertThat(followed.lastRawRange()).as("no raw Prometheus read").isNull();
        assertThat(followed.readsFromKubelets()).isEqualTo(1);
        assertThat(followed.podsFilledFromPrometheus()).isZero();
        // one source name for the stream, so a replayed minute is recognised whichever way it was read
        assertThat(viaKubelets).extracting(UsageWindow::source).containsOnly(PrometheusUsageSource.NAME);
        assertThat(viaPrometheus).extracting(UsageWindow::source).containsOnly(PrometheusUsageSource.NAME);
        Map<String, ContainerUsage> k = byContainer(viaKubelets);
        Map<String, ContainerUsage> p = byContainer(viaPrometheus);
        assertThat(k.keySet()).containsExactlyInAnyOrder(POD_A + "/web", POD_A + "/istio-proxy", POD_B + "/web").isEqualTo(p.keySet());
        assertSameSteps(k, p);
        for (String c : p.keySet()) {
            assertThat(k.get(c).node()).isEqualTo(p.get(c).node());
        }
        // the truth of hour 10: a/web 0.2 cores, b/web 0.4, istio 0.02; a/web's working set 110 MiB
        assertThat(k.get(POD_A + "/web").cpuCores()).containsOnly(0.2f);
        assertThat(k.get(POD_B + "/web").cpuCores()).containsExactly(new float[] {0.4f, 0.4f, 0.4f}, within(1e-6f));
        assertThat(k.get(POD_A + "/istio-proxy").cpuCores()).containsExactly(new float[] {0.02f, 0.02f, 0.02f}, within(1e-6f));
        assertThat(k.get(POD_A + "/web").memoryBytes()).containsOnly(110 * MIB);
    }

    @Test
    void theMinuteThatClosesAnHourTakesItsThrottlingFromTheKubeletsAndAsksPrometheusNothing() throws Exception {
        scrapeEvery15s(T10 - 60, T10 + 3660);
        Instant from = Instant.ofEpochSecond(T10 + 3540);
        Instant to = Instant.ofEpochSecond(T10 + 3600); // 11:00 closes the batch window [10:00, 11:00)

        PrometheusUsageSource followed = source().followFrom(follower);
        List<UsageWindow> viaKubelets = followed.read(from, to, Duration.ofHours(1));
        PrometheusUsageSource plain = source();
        List<UsageWindow> viaPrometheus = plain.read(from, to, Duration.ofHours(1));

        assertThat(followed.client().queriesSent()).as("requests to Prometheus while the kubelets cover the follow").isZero();
        assertThat(plain.client().queriesSent()).as("raw samples and the hour's counters").isEqualTo(2);
        assertThat(followed.throttlingFromKubelets()).isEqualTo(1);
        Map<String, ContainerUsage> k = byContainer(viaKubelets);
        Map<String, ContainerUsage> p = byContainer(viaPrometheus);
        assertThat(k.keySet()).isEqualTo(p.keySet()).hasSize(3);
        for (String c : p.keySet()) {
            ContainerUsage.Throttling fromKubelets = k.get(c).throttling();
            ContainerUsage.Throttling fromPrometheus = p.get(c).throttling();
            // an hour of 10 periods/s, 1 throttled/s and 0.05 throttled s/s, read at both ends of the hour
            assertThat(fromKubelets.periods()).as(c).isEqualTo(36_000);
            assertThat(fromKubelets.throttledPeriods()).as(c).isEqualTo(3_600);
            assertThat(fromKubelets.throttledSeconds()).as(c).isCloseTo(180.0, within(1e-6));
            // Prometheus' increase() over the same hour says the same
            assertThat(fromPrometheus.periods()).as(c).isEqualTo(fromKubelets.periods());
            assertThat(fromPrometheus.throttledPeriods()).as(c).isEqualTo(fromKubelets.throttledPeriods());
            assertThat(fromPrometheus.throttledSeconds()).as(c).isCloseTo(fromKubelets.throttledSeconds(), within(1e-6));
            assertThat(k.get(c).cpuCores()).containsExactly(p.get(c).cpuCores(), within(1e-6f));
        }

        // n2's cAdvisor endpoint fails at 12:00: the next hour's counters of b/web come from Prometheus, a's from the kubelet
        scrapeEvery15s(T10 + 3675, T10 + 7185);
        fleet.node("n2").failCadvisorWith(503);
        scrapeEvery15s(T10 + 7200, T10 + 7260);
        PrometheusUsageSource mixed = source().followFrom(follower);
        Map<String, ContainerUsage> m = byContainer(mixed.read(Instant.ofEpochSecond(T10 + 7140), Instant.ofEpochSecond(T10 + 7200),
                Duration.ofHours(1)));
        assertThat(mixed.client().queriesSent()).as("only the counters of n2's pod").isEqualTo(1);
        assertThat(m.values()).allSatisfy(c -> assertThat(c.throttling().periods()).isEqualTo(36_000));
    }

    @Test
    void podsOfANodeThatStoppedAnsweringAreReadFromPrometheusAndOnlyThey() throws Exception {
        scrapeEvery15s(T10, T10 + 105);
        fleet.node("n2").failWith(500);
        scrapeEvery15s(T10 + 120, T10 + 300);
        Instant from = Instant.ofEpochSecond(T10 + 180);
        Instant to = Instant.ofEpochSecond(T10 + 240);

        PrometheusUsageSource followed = source().followFrom(follower);
        assertThat(follower.coveredNodes(from, to)).containsExactly("n1");
        List<UsageWindow> mixed = followed.read(from, to, Duration.ofHours(1));
        List<UsageWindow> viaPrometheus = source().read(from, to, Duration.ofHours(1));

        assertThat(followed.podsFilledFromPrometheus()).isEqualTo(1);
        assertThat(followed.lastRawRange()).as("B's minute plus a lookback for its left boundary").isEqualTo(Duration.ofMinutes(6));
        assertThat(mixed).extracting(UsageWindow::source).containsOnly(PrometheusUsageSource.NAME);
        Map<String, ContainerUsage> m = byContainer(mixed);
        Map<String, ContainerUsage> p = byContainer(viaPrometheus);
        assertThat(m.keySet()).isEqualTo(p.keySet()).hasSize(3);
        assertSameSteps(m, p);
        assertThat(m.get(POD_B + "/web").cpuCores()).containsExactly(new float[] {0.4f}, within(1e-6f));

        // n2 answers again at its next attempt (10:05:30; failing since 10:02 it was last tried at 10:04:30 and then
        // left out for three rounds): it covers ranges that start after that answer, not before
        fleet.node("n2").healthy();
        scrapeEvery15s(T10 + 315, T10 + 420);
        assertThat(follower.coveredNodes(Instant.ofEpochSecond(T10 + 320), Instant.ofEpochSecond(T10 + 360))).containsExactly("n1");
        assertThat(follower.coveredNodes(Instant.ofEpochSecond(T10 + 330), Instant.ofEpochSecond(T10 + 360)))
                .containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    void aPodTheKubeletLeavesOutOfAnAnswerIsReadFromPrometheusNotLeftAGap() throws Exception {
        scrapeEvery15s(T10, T10 + 60);
        // a kubelet that could not collect a container's stats answers 200 without it
        fleet.node("n2").removePod("shop", POD_B);
        scrapeEvery15s(T10 + 75, T10 + 300);
        Instant from = Instant.ofEpochSecond(T10 + 180);
        Instant to = Instant.ofEpochSecond(T10 + 240);

        PrometheusUsageSource followed = source().followFrom(follower);
        assertThat(follower.coveredNodes(from, to)).containsExactlyInAnyOrder("n1", "n2");
        Map<String, ContainerUsage> m = byContainer(followed.read(from, to, Duration.ofHours(1)));

        assertThat(followed.podsFilledFromPrometheus()).isEqualTo(1);
        assertThat(m.get(POD_B + "/web").cpuCores()).containsExactly(new float[] {0.4f}, within(1e-6f));
        assertThat(m.get(POD_A + "/web").cpuCores()).containsExactly(0.2f);
    }

    @Test
    void aReadThatClosesTwoHoursCountsEachNodesThrottlingOnceFromOneSource() throws Exception {
        follower.close();
        Path token = dir.resolve("token");
        follower = new KubeletUsageFollower(new DirectKubeletClient(new DirectKubeletClient.Settings("https", token,
                dir.resolve("ca.pem"), false, Duration.ofSeconds(5)), clock), cluster()::kubelets, clock, Duration.ofSeconds(15), 2,
                Duration.ofHours(3));
        scrapeEvery15s(T10 - 30, T10 + 7185);
        fleet.node("n2").failCadvisorWith(503); // n2's counters are read at 10:00 and 11:00, not at 12:00
        scrapeEvery15s(T10 + 7200, T10 + 7260);
        Instant from = Instant.ofEpochSecond(T10 + 1800);
        Instant to = Instant.ofEpochSecond(T10 + 7200); // closes [10:00, 11:00) and [11:00, 12:00) (Kafka was down)

        PrometheusUsageSource followed = source().followFrom(follower);
        List<UsageWindow> windows = followed.read(from, to, Duration.ofHours(1));
        List<UsageWindow> plain = source().read(from, to, Duration.ofHours(1));

        Map<String, UsageWindow> byWindow = new HashMap<>();
        plain.forEach(w -> w.containers().forEach(c -> byWindow.put(w.start() + c.pod() + c.container(), w)));
        assertThat(windows).hasSize(2);
        for (UsageWindow w : windows) {
            for (ContainerUsage c : w.containers()) {
                ContainerUsage expected = byWindow.get(w.start() + c.pod() + c.container()).containers().stream()
                        .filter(x -> x.pod().equals(c.pod()) && x.container().equals(c.container())).findFirst().orElseThrow();
                // a window that closes a batch window carries the whole hour's counters: 3,600 s x 10 periods/s
                assertThat(c.throttling().periods()).as(w.start() + " " + c.pod() + "/" + c.container())
                        .isEqualTo(expected.throttling().periods()).isEqualTo(36_000);
                assertThat(c.throttling().throttledPeriods()).isEqualTo(expected.throttling().throttledPeriods());
            }
        }
    }

    @Test
    void aNodeSilentForLongerThanAStepStopsCoveringSoNoStepLacksItsOwnSamples() {
        follower.alignedTo(Duration.ofSeconds(30));
        scrapeEvery15s(T10, T10 + 60);
        fleet.node("n2").failWith(503);
        scrapeEvery15s(T10 + 75, T10 + 75); // one missed scrape: 30 s of silence, not more than the step
        fleet.node("n2").healthy();
        scrapeEvery15s(T10 + 90, T10 + 120);
        assertThat(follower.coveredNodes(Instant.ofEpochSecond(T10 + 30), Instant.ofEpochSecond(T10 + 120)))
                .containsExactlyInAnyOrder("n1", "n2");

        // with a 20 s step the same single miss (30 s of silence) is too long: two boundaries could share a sample
        follower.alignedTo(Duration.ofSeconds(20));
        fleet.node("n2").failWith(503);
        scrapeEvery15s(T10 + 135, T10 + 135);
        fleet.node("n2").healthy();
        scrapeEvery15s(T10 + 150, T10 + 240);
        assertThat(follower.coveredNodes(Instant.ofEpochSecond(T10 + 120), Instant.ofEpochSecond(T10 + 180))).containsExactly("n1");
        assertThat(follower.coveredNodes(Instant.ofEpochSecond(T10 + 150), Instant.ofEpochSecond(T10 + 240)))
                .containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    void aKubeletThatKeepsFailingIsAskedLessOftenAndCoversAgainSoonAfterItRecovers() throws Exception {
        scrapeEvery15s(T10, T10 + 60);
        int before = fleet.node("n2").requests();
        fleet.node("n2").failWith(503);
        scrapeEvery15s(T10 + 75, T10 + 240); // 12 rounds
        // asked in rounds 1, 2, 4, 7 and 11: after the second failure in a row it skips 1, 2, then 3 rounds
        assertThat(fleet.node("n2").requests() - before).isEqualTo(5);
        assertThat(fleet.node("n1").requests()).isEqualTo(5 + 12);
        assertThat(follower.coveredNodes(Instant.ofEpochSecond(T10 + 180), Instant.ofEpochSecond(T10 + 240))).containsExactly("n1");

        fleet.node("n2").healthy();
        scrapeEvery15s(T10 + 255, T10 + 360);
        // the next attempt (round 15, at 10:04:15) answers; from then on n2 covers again
        assertThat(follower.coveredNodes(Instant.ofEpochSecond(T10 + 300), Instant.ofEpochSecond(T10 + 360)))
                .containsExactlyInAnyOrder("n1", "n2");
        assertThat(follower.lastRoundDuration()).isPositive();
    }

    @Test
    void kubeletsThatRefuseTheCollectorLeaveTheFollowOnPrometheusAndAreAskedRarely() throws Exception {
        fleet.requireToken("another-token");
        scrapeEvery15s(T10, T10 + 300);
        assertThat(fleet.node("n1").requests()).as("a refused node is asked again only after " + Duration.ofMinutes(10)).isEqualTo(1);
        Instant from = Instant.ofEpochSecond(T10 + 180);
        Instant to = Instant.ofEpochSecond(T10 + 240);

        PrometheusUsageSource followed = source().followFrom(follower);
        List<UsageWindow> windows = followed.read(from, to, Duration.ofHours(1));

        assertThat(followed.readsFromKubelets()).isZero();
        assertThat(followed.lastRawRange()).isEqualTo(Duration.ofMinutes(6));
        assertThat(windows).extracting(UsageWindow::source).containsOnly(PrometheusUsageSource.NAME);
        assertThat(byContainer(windows).get(POD_A + "/web").cpuCores()).containsOnly(0.2f);

        // once the token is right again the next retry finds it
        fleet.requireToken("collector-token");
        scrapeEvery15s(T10 + 600, T10 + 720);
        assertThat(follower.coveredNodes(Instant.ofEpochSecond(T10 + 660), Instant.ofEpochSecond(T10 + 720)))
                .containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    void publishedSamplesAreDroppedAndAStuckIngestCannotGrowTheBufferPastItsRetention() throws Exception {
        scrapeEvery15s(T10, T10 + 300);
        long held = follower.samplesHeld();
        assertThat(held).isEqualTo(3 * 2 * 21);

        PrometheusUsageSource followed = source().followFrom(follower);
        followed.read(Instant.ofEpochSecond(T10 + 240), Instant.ofEpochSecond(T10 + 300), Duration.ofHours(1));
        // reading from 10:04 means everything before it is published: per series and metric the sample at
        // 10:04 stays (the next step's left boundary) plus the four after it
        assertThat(follower.samplesHeld()).isEqualTo(3 * 2 * 5);

        // the ingest stops publishing for 40 minutes: only the last 30 (retention) are kept, and a read
        // reaching back before the cut is not covered by the kubelets any more
        scrapeEvery15s(T10 + 315, T10 + 300 + 2400);
        assertThat(follower.samplesHeld()).isLessThanOrEqualTo(3 * 2 * (120 + 2));
        assertThat(follower.coveredNodes(Instant.ofEpochSecond(T10 + 300), Instant.ofEpochSecond(T10 + 360))).isEmpty();
        assertThat(follower.coveredNodes(Instant.ofEpochSecond(T10 + 2400), Instant.ofEpochSecond(T10 + 2460)))
                .containsExactlyInAnyOrder("n1", "n2");
    }
}
