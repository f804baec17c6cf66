package dev.krr.collector.adapter.out.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.collector.MovableClock;
import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer.Cfs;
import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer.Container;
import dev.krr.collector.adapter.out.prometheus.RecentSamples.ContainerKey;
import dev.krr.collector.adapter.out.prometheus.RecentSamples.Throttling;
import dev.krr.collector.domain.KubeletEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CFS throttling from the kubelets' {@code /metrics/cadvisor}: emulated kubelets over real HTTPS
 * serve CFS counters as functions of a simulated clock, the follower runs its 30 s rounds across
 * two hour boundaries, and {@link KubeletUsageFollower#throttling} must give exactly the counters'
 * increases over each hour, read once per hour per node.
 */
class KubeletUsageFollowerThrottlingTest {

    private static final Instant H0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final long H0_MS = H0.toEpochMilli();
    private static final Instant H1 = H0.plus(Duration.ofHours(1));
    private static final Instant H2 = H0.plus(Duration.ofHours(2));
    private static final Duration SCRAPE = Duration.ofSeconds(30);
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;
    private MovableClock clock;
    private KubeletFleetServer fleet;
    private KubeletUsageFollower follower;
    private DirectKubeletClient client;

    /** Counters restart from zero at 10:40 (the container restarted). */
    private final Cfs restarting = new Cfs(t -> 10 * since(t, t < H0_MS + 40 * MINUTE ? H0_MS - 3_600_000 : H0_MS + 40 * MINUTE),
            t -> 2 * since(t, t < H0_MS + 40 * MINUTE ? H0_MS - 3_600_000 : H0_MS + 40 * MINUTE),
            t -> 0.125 * since(t, t < H0_MS + 40 * MINUTE ? H0_MS - 3_600_000 : H0_MS + 40 * MINUTE));
    private final Cfs web = Cfs.steady(H0_MS - 7_200_000, 10, 1, 0.05);
    private final Cfs late = Cfs.steady(H0_MS + 20 * MINUTE, 10, 4, 0.3);
    private final Cfs gone = Cfs.steady(H0_MS - 7_200_000, 10, 0, 0);
    private final Cfs api = Cfs.steady(H0_MS - 600_000, 10, 0.5, 0.0125);
    private final Cfs db = Cfs.steady(H0_MS - 600_000, 10, 3, 0.2);

    @BeforeEach
    void start() throws Exception {
        clock = new MovableClock(H0.minusSeconds(60));
        fleet = KubeletFleetServer.builder().clock(clock).node("n1").node("n2").node("n3").bearerToken("t").start();
        long old = H0_MS - 7_200_000;
        fleet.node("n1").add(Container.steady("shop", "web-1", "web", old, 0.5, 3e8)).quota("shop", "web-1", "web", web)
                .add(Container.steady("shop", "web-1", "sidecar", old, 0.01, 4e7)) // no CPU limit: no CFS counters
                .add(Container.steady("jobs", "batch-1", "batch", old, 1, 1e9)).quota("jobs", "batch-1", "batch", restarting)
                .add(Container.steady("jobs", "old-1", "old", old, 1, 1e9)).quota("jobs", "old-1", "old", gone);
        fleet.node("n2").add(Container.steady("shop", "api-1", "api", old, 0.2, 1e8)).quota("shop", "api-1", "api", api);
        fleet.node("n3").add(Container.steady("shop", "db-1", "db", old, 0.7, 2e9)).quota("shop", "db-1", "db", db);
        Path token = Files.writeString(dir.resolve("token"), "t");
        client = new DirectKubeletClient(new DirectKubeletClient.Settings("https", token,
                fleet.writeCaCertificate(dir.resolve("ca.pem")), false, Duration.ofSeconds(5)), clock);
        follower = follower(SCRAPE);
    }

    private KubeletUsageFollower follower(Duration scrape) {
        List<KubeletEndpoint> endpoints = fleet.nodes().stream().map(KubeletFleetServer.Node::endpoint).toList();
        return new KubeletUsageFollower(client, () -> endpoints, clock, scrape, 2, Duration.ofMinutes(30), Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        follower.close();
        fleet.close();
    }

    private static double since(double t, long fromMillis) {
        return Math.max(0, t - fromMillis) / 1000.0;
    }

    /** Runs a round every 30 s from the clock's time up to and including {@code until}, calling {@code at} before each. */
    private void roundsUntil(Instant until, Consumer<Instant> at) {
        roundsUntil(until, SCRAPE, at);
    }

    private void roundsUntil(Instant until, Duration every, Consumer<Instant> at) {
        for (Instant t = clock.now; !t.isAfter(until); t = t.plus(every)) {
            clock.now = t;
            at.accept(t);
            follower.scrapeRound();
        }
    }

    private static double[] increase(Cfs cfs, Instant start, Instant end) {
        double[] s = cfs.at(start.toEpochMilli());
        double[] e = cfs.at(end.toEpochMilli());
        return new double[] {e[0] - s[0], e[1] - s[1], e[2] - s[2]};
    }

    private static Map<ContainerKey, List<Double>> lists(Map<ContainerKey, double[]> increases) {
        Map<ContainerKey, List<Double>> out = new HashMap<>();
        increases.forEach((k, v) -> out.put(k, List.of(v[0], v[1], v[2])));
        return out;
    }

    @Test
    void increasesOverEachHourEqualTheCountersTruthReadOncePerHourPerNode() {
        roundsUntil(H2.plusSeconds(60), t -> {
            if (t.equals(H0.plus(Duration.ofMinutes(20)))) {
                fleet.node("n1").add(Container.steady("shop", "web-2", "late", H0_MS + 20 * MINUTE, 1, 1e8)).quota("shop", "web-2", "late", late);
            }
            if (t.equals(H0.plus(Duration.ofMinutes(30)))) {
                fleet.node("n1").removePod("jobs", "old-1");
            }
            // n2's cAdvisor fails at the 11:00 read only (its resource metrics keep answering)
            fleet.node("n2").failCadvisorWith(t.equals(H1) ? 500 : 0);
        });
        Set<String> asked = Set.of("n1", "n2", "n3", "n-unknown");

        Throttling first = follower.throttling(H0, H1, asked);

        assertThat(first.nodes()).containsExactlyInAnyOrder("n1", "n3");
        Map<ContainerKey, List<Double>> truth = new HashMap<>();
        truth.put(new ContainerKey("shop", "web-1", "web"), List.of(36_000.0, 3_600.0, increase(web, H0, H1)[2]));
        // restarted at 10:40: the counter went down, so the increase is its value at 11:00 (20 minutes of it)
        double[] afterRestart = restarting.at(H1.toEpochMilli());
        truth.put(new ContainerKey("jobs", "batch-1", "batch"), List.of(afterRestart[0], afterRestart[1], afterRestart[2]));
        assertThat(afterRestart[0]).isEqualTo(12_000);
        // started at 10:20: no 10:00 read, so everything since its start
        double[] lateAtH1 = late.at(H1.toEpochMilli());
        truth.put(new ContainerKey("shop", "web-2", "late"), List.of(lateAtH1[0], lateAtH1[1], lateAtH1[2]));
        assertThat(lateAtH1[0]).isEqualTo(24_000);
        double[] dbIncrease = increase(db, H0, H1);
        truth.put(new ContainerKey("shop", "db-1", "db"), List.of(dbIncrease[0], dbIncrease[1], dbIncrease[2]));
        // no sidecar (no quota), no old-1 (gone at 11:00), nothing of n2 (no 11:00 read), no pod-level cgroup
        assertThat(lists(first.increases())).isEqualTo(truth);

        Throttling second = follower.throttling(H1, H2, asked);

        assertThat(second.nodes()).containsExactlyInAnyOrder("n1", "n3");
        Map<ContainerKey, List<Double>> truth2 = new HashMap<>();
        for (var e : Map.of(new ContainerKey("shop", "web-1", "web"), web, new ContainerKey("jobs", "batch-1", "batch"), restarting,
                new ContainerKey("shop", "web-2", "late"), late, new ContainerKey("shop", "db-1", "db"), db).entrySet()) {
            double[] v = increase(e.getValue(), H1, H2);
            truth2.put(e.getKey(), List.of(v[0], v[1], v[2]));
        }
        assertThat(lists(second.increases())).isEqualTo(truth2);

        // only the nodes asked about count
        assertThat(follower.throttling(H1, H2, Set.of("n3")).increases()).containsOnlyKeys(new ContainerKey("shop", "db-1", "db"));

        // one cAdvisor read per node at start-up (09:59), 10:00, 11:00 and 12:00; the resource metrics every round
        for (KubeletFleetServer.Node node : fleet.nodes()) {
            assertThat(node.cadvisorRequests()).as(node.name()).isEqualTo(4);
            assertThat(node.requests()).as(node.name()).isEqualTo(245);
        }
        assertThat(follower.cadvisorScrapesOk()).isEqualTo(11);
        assertThat(follower.cadvisorScrapesFailed()).isEqualTo(1);
    }

    @Test
    void aWindowWithoutAReadNearOneOfItsEndsQualifiesNoNode() {
        follower.close();
        Duration fiveMinutes = Duration.ofMinutes(5); // fewer rounds; reads count within two intervals (10 minutes) of a boundary
        follower = follower(fiveMinutes);
        clock.now = H0.plus(Duration.ofMinutes(11)); // started at 10:11: its first read is 11 minutes past the boundary
        roundsUntil(H1.plusSeconds(60), fiveMinutes, t -> {
        });

        assertThat(follower.throttling(H0, H1, Set.of("n1", "n2", "n3"))).isEqualTo(Throttling.NONE);
        // a window ending later than the last read does not qualify either
        assertThat(follower.throttling(H1, H2, Set.of("n1", "n2", "n3")).nodes()).isEmpty();
        // the reads at 10:11 and 11:01
        assertThat(fleet.node("n1").cadvisorRequests()).isEqualTo(2);
    }

    @Test
    void readsOlderThanThreeWindowsAreDropped() {
        follower.close();
        Duration fiveMinutes = Duration.ofMinutes(5);
        follower = follower(fiveMinutes);
        roundsUntil(H0.plus(Duration.ofHours(4)).plus(fiveMinutes), fiveMinutes, t -> {
        });

        // rounds at 09:59, 10:04, ..., 14:04 read cAdvisor at 09:59 (start-up) and 10:04 .. 14:04; at 14:04 whatever is
        // older than 11:04 is dropped, so 10:00 has no read left, while 11:04 and 12:04 still bracket 11:00 .. 12:00
        assertThat(fleet.node("n3").cadvisorRequests()).isEqualTo(6);
        assertThat(follower.throttling(H0, H1, Set.of("n3")).nodes()).isEmpty();
        assertThat(follower.throttling(H1, H2, Set.of("n3")).nodes()).containsExactly("n3");
    }
}
