package dev.krr.strategy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.strategy.domain.model.ContainerRole;
import dev.krr.strategy.domain.model.ContainerSpec;
import dev.krr.strategy.domain.model.Resources;
import dev.krr.strategy.domain.state.ContainerSamples;
import dev.krr.strategy.domain.state.ContainerUsageState;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.strategy.ContainerProposal;
import dev.krr.strategy.domain.strategy.KrrSettings;
import dev.krr.strategy.domain.strategy.KrrStrategy;
import dev.krr.strategy.domain.strategy.StrategyInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KRR parity on real usage: Bitbrains VMs (5-minute samples, one month) treated as pods of one
 * container. The reference is computed the way KRR's queries do — Prometheus' interpolated
 * quantile per pod, max over pods, × 1000 rounded up, floored at 10m; memory max × 1.15 up to
 * the MiB, floored at 100 MiB — over the same samples the window holds. krr must never be below
 * KRR and at most one bucket (5%) plus a millicore above it; memory must match exactly.
 */
class KrrParityTest {

    private static final Path TRACES = Path.of("/work/shared/data/traces/bitbrains-rnd-2013-7");
    private static final long DAY = 86_400_000L;
    private static final long MIB = 1024L * 1024;

    private record Sample(long timeMillis, double cores, long memoryBytes) {
    }

    private static List<Sample> read(int vm) throws IOException {
        List<Sample> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(TRACES.resolve(vm + ".csv.gz"))), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(";\\s*");
                double cores = Double.parseDouble(f[1]);
                double capacity = Double.parseDouble(f[2]);
                if (cores <= 0 || capacity <= 0) {
                    continue;
                }
                double used = Double.parseDouble(f[3]) / (capacity / cores);
                out.add(new Sample(Long.parseLong(f[0]) * 1000, used, (long) (Double.parseDouble(f[6]) * 1024)));
            }
        }
        return out;
    }

    /** Prometheus' quantile: rank φ(n−1), linear interpolation between neighbours. */
    private static double exactQuantile(double[] sorted, double phi) {
        double rank = phi * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 42, 99, 250, 333, 401, 500})
    void simpleMatchesKrrWithinOneBucketOnTheSafeSide(int vm) throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(TRACES), "traces not present");
        // two "pods": VM vm and VM vm+1 (mod 500), as KRR's simple takes the max of per-pod P95s
        List<List<Sample>> pods = List.of(read(vm), read(vm % 500 + 1));
        long end = pods.stream().mapToLong(p -> p.get(p.size() - 1).timeMillis()).max().orElseThrow();
        long nowMillis = Math.floorDiv(end, DAY) * DAY + DAY - 1;
        long fromSlice = Math.floorDiv(nowMillis - 14 * DAY, DAY);

        ContainerUsageState state = new ContainerUsageState(StateSettings.defaults());
        double krrCpu = Double.NaN;
        long maxMemory = 0;
        long points = 0;
        for (int p = 0; p < pods.size(); p++) {
            List<Sample> samples = pods.get(p);
            List<Double> inWindow = new ArrayList<>();
            for (Sample s : samples) {
                state.add(new ContainerSamples("pod-" + p, s.timeMillis(), s.timeMillis() + 300_000, 300_000,
                        new float[] {(float) s.cores()}, null, s.memoryBytes(), 1, 0, -1, -1));
                if (Math.floorDiv(s.timeMillis(), DAY) >= fromSlice) {
                    inWindow.add((double) (float) s.cores());
                    maxMemory = Math.max(maxMemory, s.memoryBytes());
                }
            }
            double[] sorted = inWindow.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            points += sorted.length;
            double q = exactQuantile(sorted, 0.95);
            krrCpu = Double.isNaN(krrCpu) ? q : Math.max(krrCpu, q);
        }
        long krrCpuMillicores = Math.max(10, (long) Math.ceil(krrCpu * 1000 - 1e-9));
        long krrMemory = Math.max(100 * MIB, (long) Math.ceil(maxMemory * 1.15 / MIB) * MIB);

        ContainerSpec spec = new ContainerSpec("app", ContainerRole.MAIN, Resources.UNSET, Resources.UNSET);
        ContainerProposal p = KrrStrategy.simple(KrrSettings.defaults())
                .propose(new StrategyInput(spec, state, null, 1, null, Instant.ofEpochMilli(nowMillis)));
        assertThat(p.dataPoints()).isEqualTo(points);
        assertThat(p.cpu().request()).as("cpu of VM %d", vm)
                .isGreaterThanOrEqualTo(krrCpuMillicores)
                .isLessThanOrEqualTo(Math.max(10, (long) Math.ceil(krrCpu * 1.05 * 1000)) + 1);
        assertThat(p.memory().request()).as("memory of VM %d", vm).isEqualTo(krrMemory);
        assertThat(Arrays.asList(p.cpu().limit())).containsOnlyNulls();
    }
}
