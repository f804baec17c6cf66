package dev.krr.strategy.bench;

import dev.krr.strategy.domain.state.ContainerSamples;
import dev.krr.strategy.domain.state.StateCodec;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.state.WorkloadUsageState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntSupplier;
import java.util.zip.GZIPInputStream;

/**
 * Bytes of stored state per container-resource (the encoded {@link WorkloadUsageState} of a
 * one-container workload divided by its two resources, CPU and memory), after 14 days of usage:
 * <ol>
 *   <li>every Bitbrains VM of the real trace as one pod (last 14 days, 5-minute samples);</li>
 *   <li>synthetic diurnal usage at KRR's 75 s step with 1, 3 and 10 pods (pods of a Deployment that
 *       live the whole window, the worst case for the per-pod KRR slices);</li>
 *   <li>the same with 3 replicas replaced by a rollout every day (45 pods over the window, each
 *       alive one day).</li>
 * </ol>
 * Pod names look like Kubernetes' ({@code app-<10-char template hash>-<5-char suffix>}), since
 * their length is part of the cost.
 * Then the CPU time of one encode and one decode of the 1-, 3- and 10-pod states (thread CPU time,
 * median of 7 rounds after 3 s of warm-up, so the figure holds on a loaded machine), which the stream
 * processor pays per usage batch.
 * Usage: {@code StateSizeBenchmark [traces-dir]}; see docs/benchmarks.md#strategy-service.
 */
public final class StateSizeBenchmark {

    private static final long DAY = 86_400_000L;

    private StateSizeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path traces = Path.of(args.length > 0 ? args[0] : "/work/shared/data/traces/bitbrains-rnd-2013-7");
        StateSettings settings = StateSettings.defaults();
        StateCodec codec = new StateCodec(settings);
        if (Files.isDirectory(traces)) {
            List<Integer> sizes = new ArrayList<>();
            for (int vm = 1; vm <= 500; vm++) {
                Path file = traces.resolve(vm + ".csv.gz");
                if (Files.exists(file)) {
                    sizes.add(codec.encode(fromTrace(file, settings)).length / 2);
                }
            }
            report("bitbrains VMs, 14 d at 300 s, 1 pod", sizes);
        }
        for (int pods : new int[] {1, 3, 10}) {
            List<Integer> sizes = new ArrayList<>();
            for (int seed = 0; seed < 50; seed++) {
                sizes.add(codec.encode(synthetic(settings, pods, seed, false)).length / 2);
            }
            report("synthetic diurnal, 14 d at 75 s, " + pods + " pod(s)", sizes);
        }
        List<Integer> sizes = new ArrayList<>();
        for (int seed = 0; seed < 50; seed++) {
            sizes.add(codec.encode(synthetic(settings, 3, seed, true)).length / 2);
        }
        report("same, 3 replicas, new pods every day", sizes);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int pods : new int[] {1, 3, 10}) {
            WorkloadUsageState state = synthetic(settings, pods, 1, false);
            byte[] bytes = codec.encode(state);
            double encode = cpuMicros(threads, () -> codec.encode(state).length);
            double decode = cpuMicros(threads, () -> codec.decode(bytes).containers().size());
            System.out.printf(Locale.ROOT, "codec CPU, %2d pod(s), %5d bytes: encode %7.1f µs  decode %7.1f µs%n",
                    pods, bytes.length, encode, decode);
        }
    }

    /** Median thread-CPU microseconds per call over 7 rounds of 300 calls, after 3 s of warm-up calls. */
    private static double cpuMicros(ThreadMXBean threads, IntSupplier op) {
        long sink = 0;
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            sink += op.getAsInt();
        }
        double[] rounds = new double[7];
        for (int r = 0; r < rounds.length; r++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < 300; i++) {
                sink += op.getAsInt();
            }
            rounds[r] = (threads.getCurrentThreadCpuTime() - start) / 300 / 1000.0;
        }
        if (sink == 42) {
            System.out.print("");
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    private static String podName(Random names, int rollout) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder("app-");
        Random template = new Random(rollout * 31L + 7);
        for (int i = 0; i < 10; i++) {
            b.append(alphabet.charAt(template.nextInt(alphabet.length())));
        }
        b.append('-');
        for (int i = 0; i < 5; i++) {
            b.append(alphabet.charAt(names.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static void report(String what, List<Integer> sizes) {
        int[] s = sizes.stream().mapToInt(Integer::intValue).sorted().toArray();
        double mean = Arrays.stream(s).average().orElse(0);
        System.out.printf(Locale.ROOT, "%-44s n=%3d  bytes/container-resource: mean %6.0f  median %5d  p95 %5d  max %5d%n",
                what, s.length, mean, s[s.length / 2], s[(int) (s.length * 0.95)], s[s.length - 1]);
    }

    private static WorkloadUsageState fromTrace(Path file, StateSettings settings) throws IOException {
        List<long[]> rows = new ArrayList<>();
        List<Float> cores = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(";\\s*");
                double c = Double.parseDouble(f[1]);
                double cap = Double.parseDouble(f[2]);
                if (c <= 0 || cap <= 0) {
                    continue;
                }
                rows.add(new long[] {Long.parseLong(f[0]) * 1000, (long) (Double.parseDouble(f[6]) * 1024)});
                cores.add((float) (Double.parseDouble(f[3]) / (cap / c)));
            }
        }
        WorkloadUsageState state = new WorkloadUsageState(settings);
        if (rows.isEmpty()) {
            return state;
        }
        long end = rows.get(rows.size() - 1)[0];
        for (int i = 0; i < rows.size(); i++) {
            long t = rows.get(i)[0];
            if (t < end - 14 * DAY) {
                continue;
            }
            state.container("vm").add(new ContainerSamples("vm-0", t, t + 300_000, 300_000, new float[] {cores.get(i)}, null,
                    rows.get(i)[1], 1, 0, -1, -1));
        }
        return state;
    }

    private static WorkloadUsageState synthetic(StateSettings settings, int pods, int seed, boolean dailyRollout) {
        Random random = new Random(seed);
        Random names = new Random(seed + 1000);
        String[] podNames = new String[pods];
        WorkloadUsageState state = new WorkloadUsageState(settings);
        long step = 75_000;
        int perHour = 48;
        double base = 0.05 + random.nextDouble() * 1.5;
        long start = 20_000 * DAY;
        for (int hour = 0; hour < 14 * 24; hour++) {
            if (hour == 0 || dailyRollout && hour % 24 == 0) {
                for (int p = 0; p < pods; p++) {
                    podNames[p] = podName(names, hour / 24);
                }
            }
            for (int p = 0; p < pods; p++) {
                float[] cores = new float[perHour];
                for (int i = 0; i < perHour; i++) {
                    double diurnal = 1 + 0.6 * Math.sin(2 * Math.PI * (hour + i / 48.0) / 24);
                    cores[i] = (float) Math.max(0, base * diurnal * (1 + 0.15 * random.nextGaussian()));
                }
                long t = start + hour * 3_600_000L;
                state.container("app").add(new ContainerSamples(podNames[p], t, t + 3_600_000L, step, cores, null,
                        (long) (base * 500e6 * (1 + 0.1 * random.nextDouble())), perHour, 0, -1, -1));
            }
        }
        return state;
    }
}
