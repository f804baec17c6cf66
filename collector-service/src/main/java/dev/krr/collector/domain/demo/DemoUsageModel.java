package dev.krr.collector.domain.demo;

import dev.krr.collector.domain.ContainerUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Synthesises one container's usage from a {@link DemoUsageProfile}. Every sample is a pure
 * function of (seed, profile, step index since the epoch), so the same window always yields the
 * same numbers however time is chunked, across restarts and in tests.
 *
 * <p>Daily cycle: {@code c(t) = (1 - cos(2π (t - 04:00) / 24 h)) / 2}, 0 at 04:00 UTC and 1 at
 * 16:00 UTC. CPU at step i is {@code (low + (high - low)·c) · (1 + noise·(2u - 1))} with u uniform
 * in [0,1) from the step's hash; e.g. cpu=100m..500m, noise 0 gives 0.1 cores at 04:00, 0.3 at
 * 10:00 and 0.5 at 16:00. A spike replaces the value for 5 minutes. Memory follows the same cycle
 * with half the noise; at an OOM kill the working set equals the memory limit.
 */
public final class DemoUsageModel {

    private static final long DAY_SECONDS = 86_400;
    private static final long CYCLE_OFFSET_SECONDS = 4 * 3600;
    private static final int SPIKE_STEPS_SECONDS = 300;

    private final DemoUsageProfile profile;
    private final long seed;

    public DemoUsageModel(DemoUsageProfile profile, long seed) {
        this.profile = profile;
        this.seed = seed;
    }

    /** A stable seed for a container: FNV-1a of "namespace/pod/container". */
    public static long seedOf(String namespace, String pod, String container) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (namespace + "/" + pod + "/" + container).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The daily cycle factor at epoch second {@code s}, in [0,1]. */
    static double cycle(long epochSecond) {
        long secondOfDay = Math.floorMod(epochSecond - CYCLE_OFFSET_SECONDS, DAY_SECONDS);
        return (1 - Math.cos(2 * Math.PI * secondOfDay / DAY_SECONDS)) / 2;
    }

    /** CPU cores at the step starting at epoch second {@code s}. */
    public double cpuCoresAt(long epochSecond) {
        if (inSpike(epochSecond)) {
            return profile.spikeCores();
        }
        double base = profile.cpuLowCores() + (profile.cpuHighCores() - profile.cpuLowCores()) * cycle(epochSecond);
        return Math.max(0, base * (1 + profile.noise() * (2 * uniform(epochSecond, 1) - 1)));
    }

    /** Working set at epoch second {@code s}; the memory limit at an OOM kill step. */
    public long memoryBytesAt(long epochSecond, int stepSeconds, Long memoryLimitBytes) {
        if (memoryLimitBytes != null && isOomStep(epochSecond, stepSeconds)) {
            return memoryLimitBytes;
        }
        double base = profile.memoryLowBytes() + (profile.memoryHighBytes() - profile.memoryLowBytes()) * cycle(epochSecond);
        double v = base * (1 + profile.noise() / 2 * (2 * uniform(epochSecond, 2) - 1));
        long bytes = (long) Math.max(0, v);
        return memoryLimitBytes == null ? bytes : Math.min(bytes, memoryLimitBytes);
    }

    /** True when an OOM kill happens in the step starting at {@code epochSecond}. */
    public boolean isOomStep(long epochSecond, int stepSeconds) {
        Duration every = profile.oomEvery();
        if (every == null) {
            return false;
        }
        long period = every.toSeconds();
        long phase = Math.floorMod(mix(seed ^ 0x5bd1e995L), period);
        long offset = Math.floorMod(epochSecond - phase, period);
        return offset < stepSeconds;
    }

    /** Usage in {@code [start, end)} at {@code stepSeconds}; both ends aligned to the step. */
    public ContainerUsage window(String pod, String container, String node, Instant start, Instant end,
            int stepSeconds, Long memoryLimitBytes) {
        int steps = (int) ((end.getEpochSecond() - start.getEpochSecond()) / stepSeconds);
        float[] cpu = new float[steps];
        long[] mem = new long[steps];
        long peak = 0;
        int ooms = 0;
        Instant lastOom = null;
        for (int i = 0; i < steps; i++) {
            long t = start.getEpochSecond() + (long) i * stepSeconds;
            cpu[i] = (float) cpuCoresAt(t);
            mem[i] = memoryBytesAt(t, stepSeconds, memoryLimitBytes);
            peak = Math.max(peak, mem[i]);
            if (memoryLimitBytes != null && isOomStep(t, stepSeconds)) {
                ooms++;
                lastOom = Instant.ofEpochSecond(t);
            }
        }
        return new ContainerUsage(pod, container, node, stepSeconds, cpu, peak, mem, steps, ooms,
                ooms > 0 ? memoryLimitBytes : null, lastOom, null);
    }

    private boolean inSpike(long epochSecond) {
        if (profile.spikesPerDay() <= 0) {
            return false;
        }
        long day = Math.floorDiv(epochSecond, DAY_SECONDS);
        long secondOfDay = epochSecond - day * DAY_SECONDS;
        for (int k = 0; k < profile.spikesPerDay(); k++) {
            long spikeStart = Math.floorMod(mix(seed ^ (day * 31 + k) * 0x9E3779B97F4A7C15L), DAY_SECONDS - SPIKE_STEPS_SECONDS);
            if (secondOfDay >= spikeStart && secondOfDay < spikeStart + SPIKE_STEPS_SECONDS) {
                return true;
            }
        }
        return false;
    }

    private double uniform(long epochSecond, long stream) {
        long h = mix(seed ^ (epochSecond * 0x9E3779B97F4A7C15L) ^ (stream * 0xC2B2AE3D27D4EB4FL));
        return (h >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64 finaliser: a strong, cheap 64-bit mix. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
