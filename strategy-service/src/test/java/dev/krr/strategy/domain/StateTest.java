package dev.krr.strategy.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.krr.strategy.domain.state.ContainerSamples;
import dev.krr.strategy.domain.state.ContainerUsageState;
import dev.krr.strategy.domain.state.StateCodec;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.state.WindowView;
import dev.krr.strategy.domain.state.WorkloadUsageState;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StateTest {

    private static final long MIN = 60_000L;
    private static final long DAY = 86_400_000L;
    private static final long MIB = 1024L * 1024;
    private static final long T0 = 20_000 * DAY;

    private static float[] constant(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void windowDropsSlicesOlderThanTheHistory() {
        ContainerUsageState s = new ContainerUsageState(StateSettings.defaults());
        s.add(ContainerSamples.cpu("p", T0, MIN, constant(100, 0.9f)));
        s.add(ContainerSamples.cpu("p", T0 + 20 * DAY, MIN, constant(100, 0.1f)));
        // 20 days later the 0.9-core day is outside the 15 kept slices: only the 0.1-core points remain
        WindowView w = s.window(T0 + 20 * DAY, Duration.ofDays(14));
        assertThat(w.cpuPoints()).isEqualTo(100);
        assertThat(w.cpuMaxOfPodPercentiles(0.95)).isLessThan(0.11);
        // a sample older than the window is ignored by the window but still counted by the decaying state
        s.add(ContainerSamples.cpu("p", T0 + DAY, MIN, constant(10, 0.5f)));
        assertThat(s.window(T0 + 20 * DAY, Duration.ofDays(14)).cpuPoints()).isEqualTo(100);
        assertThat(s.cpuSamples()).isEqualTo(210);
    }

    @Test
    void podsStayApartForSimpleAndTogetherForSimpleLimit() {
        ContainerUsageState s = new ContainerUsageState(StateSettings.defaults());
        s.add(ContainerSamples.cpu("hot", T0, MIN, constant(100, 0.5f)));
        s.add(ContainerSamples.cpu("idle", T0, MIN, constant(300, 0.01f)));
        WindowView w = s.window(T0 + DAY / 2, Duration.ofDays(14));
        // per pod: hot's P95 is 0.5 → bucket upper bound 0.001·1.05^128 = 0.5154 (⌈ln 500/ln 1.05⌉ = ⌈127.4⌉)
        assertThat(w.cpuMaxOfPodPercentiles(0.95)).isCloseTo(0.001 * Math.pow(1.05, 128), within(1e-9));
        // all points: 300 of 400 are 0.01, so P66 is 0.01 → bucket ⌈ln 10/ln 1.05⌉ = 48 → 0.001·1.05^48 = 0.01040
        assertThat(w.cpuPercentileOfAllPods(0.66)).isCloseTo(0.001 * Math.pow(1.05, 48), within(1e-9));
        assertThat(w.pods()).isEqualTo(2);
    }

    @Test
    void memoryPeaksAndOomBumpFollowVpa() {
        ContainerUsageState s = new ContainerUsageState(StateSettings.defaults());
        s.add(ContainerSamples.memory("p", T0, T0 + 60 * MIN, 400 * MIB, 60));
        s.add(ContainerSamples.memory("p", T0 + 2 * DAY, T0 + 2 * DAY + 60 * MIN, 300 * MIB, 60));
        WindowView w = s.window(T0 + 2 * DAY, Duration.ofDays(14));
        assertThat(w.memoryMaxBytes()).isEqualTo(400 * MIB);
        assertThat(w.memoryPoints()).isEqualTo(120);
        // OOM at a 512 MiB limit: VPA's needed memory = max(512 + 100, 512 × 1.2 = 614.4) MiB = 614.4 MiB
        s.add(new ContainerSamples("p", T0 + 2 * DAY + 2 * MIN * 60, T0 + 2 * DAY + 3 * MIN * 60, 0, new float[0], null,
                510 * MIB, 60, 1, 512 * MIB, -1));
        assertThat(s.window(T0 + 2 * DAY, Duration.ofDays(14)).oomLimitMaxBytes()).isEqualTo(512 * MIB);
        assertThat(s.decayingMemoryPercentile(1.0)).isGreaterThanOrEqualTo(614.4 * MIB);
        assertThat(s.oomKills()).isEqualTo(1);
    }

    @Test
    void vpaConfidenceIsTheSmallerOfDaysAndSamplesOver1440() {
        ContainerUsageState s = new ContainerUsageState(StateSettings.defaults());
        // 3 days at one sample a minute: min(3, 4320/1440 = 3) ≈ 3
        s.add(ContainerSamples.cpu("p", T0, MIN, constant(3 * 1440 + 1, 0.1f)));
        assertThat(s.vpaConfidence()).isCloseTo(3.0, within(1e-3));
        ContainerUsageState sparse = new ContainerUsageState(StateSettings.defaults());
        // half a day at 75 s: 576 samples → min(0.5, 576/1440 = 0.4) = 0.4
        sparse.add(ContainerSamples.cpu("p", T0, 75_000, constant(577, 0.1f)));
        assertThat(sparse.vpaConfidence()).isCloseTo(0.4, within(1e-3));
    }

    @Test
    void statisticsStandInForSamplesOnTheSafeSide() {
        ContainerUsageState s = new ContainerUsageState(StateSettings.defaults());
        // 100 samples summarised: 50 at p50, 40 at p90, 5 at p95, 4 at p99, 1 at max
        s.add(new ContainerSamples("p", T0, T0 + 100 * MIN, 0, new float[0],
                new ContainerSamples.CpuStats(100, 0.1, 0.2, 0.3, 0.4, 0.5), -1, 0, 0, -1, -1));
        WindowView w = s.window(T0, Duration.ofDays(14));
        assertThat(w.cpuPoints()).isEqualTo(100);
        // rank ⌈0.95·99⌉ = 95 → the 96th smallest: 50 + 40 + 5 = 95 are ≤ p95, so it is a p99 stand-in (0.4)
        assertThat(w.cpuMaxOfPodPercentiles(0.95)).isBetween(0.4, 0.42);
    }

    @Test
    void badSamplesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> ContainerSamples.cpu("p", T0, MIN, -0.5f))
                .hasMessageContaining("cpu.cores").hasMessageContaining("-0.5");
        assertThatThrownBy(() -> new ContainerSamples("p", T0, T0 - 1, MIN, new float[0], null, -1, 0, 0, -1, -1))
                .hasMessageContaining("window_end");
    }

    @Test
    void codecRoundTripsEverythingCompactly() {
        StateSettings settings = StateSettings.defaults();
        WorkloadUsageState state = new WorkloadUsageState(settings);
        java.util.Random random = new java.util.Random(42);
        for (int day = 0; day < 14; day++) {
            float[] cores = new float[1152];
            for (int i = 0; i < cores.length; i++) {
                cores[i] = (float) (0.2 + 0.1 * Math.sin(i / 100.0) + 0.02 * random.nextGaussian());
            }
            long start = T0 + day * DAY;
            state.container("app").add(new ContainerSamples("app-1", start, start + DAY, 75_000, cores, null,
                    300 * MIB + day * MIB, 1152, day == 3 ? 1 : 0, 512 * MIB, -1));
            state.markIngested("prometheus", start + DAY);
        }
        StateCodec codec = new StateCodec(settings);
        byte[] bytes = codec.encode(state);
        WorkloadUsageState back = codec.decode(bytes);
        ContainerUsageState a = state.containers().get("app");
        ContainerUsageState b = back.containers().get("app");
        long now = T0 + 14 * DAY;
        for (double p : new double[] {0.5, 0.9, 0.95, 0.99}) {
            assertThat(b.decayingCpuPercentile(p)).isEqualTo(a.decayingCpuPercentile(p));
            assertThat(b.decayingMemoryPercentile(p)).isEqualTo(a.decayingMemoryPercentile(p));
            assertThat(b.window(now, Duration.ofDays(14)).cpuMaxOfPodPercentiles(p))
                    .isEqualTo(a.window(now, Duration.ofDays(14)).cpuMaxOfPodPercentiles(p));
        }
        assertThat(b.window(now, Duration.ofDays(14)).memoryMaxBytes()).isEqualTo(313 * MIB);
        assertThat(b.oomKills()).isEqualTo(1);
        assertThat(b.vpaConfidence()).isEqualTo(a.vpaConfidence());
        assertThat(back.isReplay("prometheus", now - DAY)).isTrue();
        assertThat(back.isReplay("prometheus", now)).isFalse();
        // 14 days × 1152 samples of one pod: two container-resources in well under 2 × 1 KiB... plus the pod-day slices
        assertThat(bytes.length).isLessThan(4096);
    }

    @Test
    void stateWrittenUnderAnotherBucketLayoutDecodesEmpty() {
        WorkloadUsageState state = new WorkloadUsageState(StateSettings.defaults());
        state.container("app").add(ContainerSamples.cpu("p", T0, MIN, 0.3f));
        byte[] bytes = new StateCodec(StateSettings.defaults()).encode(state);
        StateSettings other = new StateSettings(StateSettings.defaults().vpaCpuBuckets(), StateSettings.defaults().vpaMemoryBuckets(),
                Duration.ofHours(24), Duration.ofHours(24), 0.1,
                dev.krr.strategy.domain.histogram.GeometricBuckets.cpuCores(1.02), Duration.ofDays(1), Duration.ofDays(14));
        assertThat(new StateCodec(other).decode(bytes).containers()).isEmpty();
    }
}
