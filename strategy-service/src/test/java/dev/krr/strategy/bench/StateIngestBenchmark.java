package dev.krr.strategy.bench;

import dev.krr.strategy.domain.state.ContainerSamples;
import dev.krr.strategy.domain.state.ContainerUsageState;
import dev.krr.strategy.domain.state.StateCodec;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.state.WorkloadUsageState;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Samples per second into the per-container state, single-threaded (= per core). Scores are in
 * samples/s: each operation ingests one batch of {@value #SAMPLES} CPU samples (5 minutes at 5 s
 * or 80 minutes at 75 s) plus a memory peak.
 * <ul>
 *   <li>{@code ingestIntoState}: the domain alone (decaying histograms + KRR window).</li>
 *   <li>{@code ingestThroughCodec}: what the stream processor does per batch — decode the workload's
 *       stored state (14 days of one pod), ingest, encode again.</li>
 * </ul>
 * Run: see docs/benchmarks.md#strategy-service.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StateIngestBenchmark {

    static final int SAMPLES = 64;
    private static final long DAY = 86_400_000L;
    private static final long STEP = 75_000L;

    private final StateSettings settings = StateSettings.defaults();
    private final StateCodec codec = new StateCodec(settings);
    private ContainerUsageState state;
    private byte[] stored;
    private ContainerSamples[] batches;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(7);
        batches = new ContainerSamples[1024];
        long start = 20_000 * DAY;
        for (int b = 0; b < batches.length; b++) {
            float[] cores = new float[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                cores[i] = (float) Math.max(0, 0.3 + 0.15 * Math.sin((b * SAMPLES + i) / 500.0) + 0.05 * random.nextGaussian());
            }
            long t = start + (long) b * SAMPLES * STEP;
            batches[b] = new ContainerSamples("app-7d9f-x2x", t, t + SAMPLES * STEP, STEP, cores, null,
                    (long) (300e6 + 50e6 * random.nextDouble()), SAMPLES, 0, -1, -1);
        }
        state = new ContainerUsageState(settings);
        WorkloadUsageState workload = new WorkloadUsageState(settings);
        for (ContainerSamples b : batches) {
            state.add(b);
            workload.container("app").add(b);
        }
        stored = codec.encode(workload);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public ContainerUsageState ingestIntoState() {
        ContainerSamples b = batches[next++ & (batches.length - 1)];
        state.add(b);
        return state;
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public byte[] ingestThroughCodec() {
        WorkloadUsageState w = codec.decode(stored);
        w.container("app").add(batches[next++ & (batches.length - 1)]);
        return codec.encode(w);
    }
}
