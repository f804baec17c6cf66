package dev.krr.strategy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.strategy.domain.state.ContainerSamples;
import dev.krr.strategy.domain.state.ContainerUsageState;
import dev.krr.strategy.domain.state.StateCodec;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.state.WindowView;
import dev.krr.strategy.domain.state.WorkloadUsageState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stored format of the usage state across versions. {@code state/usage-state-v1.hex} is the
 * exact blob the version-1 codec wrote for {@link #richState()} (three pods of which one is gone,
 * a sidecar, sixteen days so the oldest slices were evicted, gaps, CPU statistics, an OOM kill,
 * two sources): state already sitting in changelogs must decode to the same answers, and is
 * re-written in the current format on its next update.
 */
class StateCodecFormatTest {

    private static final long MIN = 60_000L;
    private static final long DAY = 86_400_000L;
    private static final long MIB = 1024L * 1024;
    private static final long T0 = 20_000 * DAY;
    private static final long NOW = T0 + 16 * DAY;

    /** Deterministic state with every feature the codec has to carry. */
    static WorkloadUsageState richState() {
        StateSettings settings = StateSettings.defaults();
        WorkloadUsageState state = new WorkloadUsageState(settings);
        Random random = new Random(7);
        for (int day = 0; day < 16; day++) {
            for (int hour = 0; hour < 24; hour += 3) {
                long t = T0 + day * DAY + hour * 3_600_000L;
                for (int p = 0; p < 3; p++) {
                    if (p == 2 && day > 9) {
                        continue; // app-web-5f7c9-churned is gone after day 9
                    }
                    String pod = p == 2 ? "app-web-5f7c9-churned" : "app-web-5f7c9-" + (char) ('a' + p) + "x2k4";
                    float[] cores = new float[144];
                    for (int i = 0; i < cores.length; i++) {
                        cores[i] = i % 37 == 0 ? Float.NaN
                                : (float) Math.max(0, (0.1 + 0.2 * p) * (1 + 0.5 * Math.sin(hour / 4.0)) * (1 + 0.2 * random.nextGaussian()));
                    }
                    int oom = day == 11 && hour == 6 && p == 0 ? 1 : 0;
                    state.container("app").add(new ContainerSamples(pod, t, t + 144 * 75_000L, 75_000, cores, null,
                            (long) ((200 + 30 * p + random.nextInt(50)) * MIB), 144, oom, oom > 0 ? 512 * MIB : -1, -1));
                }
                state.container("istio-proxy").add(new ContainerSamples("app-web-5f7c9-ax2k4", t, t + 3 * 3_600_000L, 0,
                        new float[0], new ContainerSamples.CpuStats(144, 0.01, 0.02, 0.03, 0.05, 0.08),
                        (long) (60 * MIB + random.nextInt(1000)), 144, 0, -1, -1));
                state.markIngested("prometheus", t + 3 * 3_600_000L);
            }
        }
        state.markIngested("datadog", T0 + 5 * DAY);
        return state;
    }

    /** Every answer strategies and the processor read from a state, as one comparable list. */
    static List<Object> facts(WorkloadUsageState state) {
        List<Object> f = new ArrayList<>();
        f.add(state.isReplay("prometheus", NOW - MIN));
        f.add(state.isReplay("prometheus", NOW));
        f.add(state.isReplay("datadog", T0 + 5 * DAY - MIN));
        f.add(state.isReplay("datadog", T0 + 5 * DAY));
        for (Map.Entry<String, ContainerUsageState> e : state.containers().entrySet()) {
            ContainerUsageState c = e.getValue();
            f.add(e.getKey());
            f.addAll(List.of(c.cpuSamples(), c.memorySamples(), c.firstSampleMillis(), c.lastSampleMillis(), c.oomKills(),
                    c.vpaConfidence(), c.hasData()));
            for (double p : new double[] {0.5, 0.66, 0.9, 0.95, 0.96, 0.99, 1.0}) {
                f.add(c.decayingCpuPercentile(p));
                f.add(c.decayingMemoryPercentile(p));
            }
            for (int days : new int[] {1, 3, 7, 14}) {
                for (long now : new long[] {NOW, NOW - 5 * DAY}) {
                    WindowView w = c.window(now, Duration.ofDays(days));
                    f.addAll(List.of(w.cpuPoints(), w.memoryMaxBytes(), w.memoryPoints(), w.oomLimitMaxBytes(), w.oomKills(), w.pods()));
                    for (double p : new double[] {0.5, 0.66, 0.95, 0.96, 0.99}) {
                        f.add(w.cpuMaxOfPodPercentiles(p));
                        f.add(w.cpuPercentileOfAllPods(p));
                    }
                }
            }
        }
        return f;
    }

    private static byte[] v1Blob() throws IOException {
        try (InputStream in = StateCodecFormatTest.class.getResourceAsStream("/state/usage-state-v1.hex")) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    @Test
    void stateWrittenByVersion1DecodesToTheSameAnswers() throws IOException {
        StateCodec codec = new StateCodec(StateSettings.defaults());
        byte[] old = v1Blob();
        assertThat(old[0]).isEqualTo((byte) 1);
        WorkloadUsageState decoded = codec.decode(old);
        assertThat(decoded.containers()).containsOnlyKeys("app", "istio-proxy");
        assertThat(facts(decoded)).isEqualTo(facts(codec.decode(codec.encode(richState()))));
        // the next write uses the current format, which reads back to the same answers again
        byte[] rewritten = codec.encode(decoded);
        assertThat(rewritten[0]).isEqualTo((byte) StateCodec.VERSION);
        assertThat(facts(codec.decode(rewritten))).isEqualTo(facts(decoded));
    }

    @Test
    void currentFormatIsStableAndSmallerThanVersion1() throws IOException {
        StateCodec codec = new StateCodec(StateSettings.defaults());
        byte[] bytes = codec.encode(richState());
        assertThat(bytes[0]).isEqualTo((byte) StateCodec.VERSION);
        WorkloadUsageState back = codec.decode(bytes);
        assertThat(codec.encode(back)).isEqualTo(bytes);
        assertThat(facts(back)).isEqualTo(facts(codec.decode(v1Blob())));
        // same content, 4,555 bytes in version 1
        assertThat(bytes.length).isLessThan(v1Blob().length / 2);
    }

    @Test
    void extremesRoundTrip() {
        StateSettings settings = StateSettings.defaults();
        StateCodec codec = new StateCodec(settings);
        WorkloadUsageState state = new WorkloadUsageState(settings);
        // bucket 0 (idle), the last bucket (beyond 1000 cores), holes between, a pod name with non-ASCII letters
        state.container("app").add(ContainerSamples.cpu("pod-é-0", T0, MIN, 0f, 0.0005f, 2000f, 0.2f, 0.2f, 5f));
        // a count far beyond one pod-day at any step, through statistics
        state.container("app").add(new ContainerSamples("pod-é-1", T0 + MIN, T0 + 2 * MIN, 0, new float[0],
                new ContainerSamples.CpuStats(1_500_000_000L, 0.1, 0.2, 0.3, 0.4, 0.5), -1, 0, 0, -1, -1));
        // a container with memory only (no pods in its CPU window) and a pod sharing nothing with the others
        state.container("mem-only").add(ContainerSamples.memory("x", T0, T0 + MIN, 5 * MIB, 1));
        state.container("other").add(ContainerSamples.cpu("zz", T0 + 3 * DAY, MIN, 0.3f));
        byte[] bytes = codec.encode(state);
        WorkloadUsageState back = codec.decode(bytes);
        assertThat(codec.encode(back)).isEqualTo(bytes);
        WindowView w = back.containers().get("app").window(T0 + DAY / 2, Duration.ofDays(14));
        assertThat(w.cpuPoints()).isEqualTo(1_500_000_006L);
        assertThat(w.pods()).isEqualTo(2);
        assertThat(w.cpuMaxOfPodPercentiles(1.0)).isEqualTo(settings.windowCpuBuckets().upperBound(settings.windowCpuBuckets().bucketCount() - 1));
        assertThat(w.cpuPercentileOfAllPods(0.0)).isEqualTo(settings.windowCpuBuckets().upperBound(0));
        assertThat(back.containers().get("mem-only").window(T0, Duration.ofDays(14)).memoryMaxBytes()).isEqualTo(5 * MIB);
        assertThat(back.containers().get("other").window(T0 + 3 * DAY, Duration.ofDays(14)).pods()).isEqualTo(1);
        assertThat(codec.decode(codec.encode(new WorkloadUsageState(settings))).containers()).isEmpty();
    }

    @Test
    void aTruncatedBlobIsRejectedWithAClearError() {
        StateCodec codec = new StateCodec(StateSettings.defaults());
        byte[] bytes = codec.encode(richState());
        for (int len = 1; len < bytes.length; len += 7) {
            byte[] cut = java.util.Arrays.copyOf(bytes, len);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.decode(cut))
                    .as("cut at %d of %d", len, bytes.length)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("usage state");
        }
    }
}
