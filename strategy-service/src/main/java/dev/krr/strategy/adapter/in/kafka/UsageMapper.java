package dev.krr.strategy.adapter.in.kafka;

import com.google.protobuf.Timestamp;
import dev.krr.events.v1.ContainerUsage;
import dev.krr.events.v1.CpuStats;
import dev.krr.events.v1.UsageBatch;
import dev.krr.strategy.domain.state.ContainerSamples;

/** Turns a {@link UsageBatch}'s containers into domain {@link ContainerSamples}; bad fields raise errors naming them. */
public final class UsageMapper {

    private UsageMapper() {
    }

    public static long millis(Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    public static void validate(UsageBatch batch) {
        if (!batch.hasWindowStart() || !batch.hasWindowEnd()) {
            throw new IllegalArgumentException("usage batch of " + batch.getNamespace() + "/" + batch.getName()
                    + " has no window_start/window_end");
        }
        if (millis(batch.getWindowEnd()) < millis(batch.getWindowStart())) {
            throw new IllegalArgumentException("usage batch window_end " + batch.getWindowEnd() + " is before window_start "
                    + batch.getWindowStart());
        }
    }

    public static ContainerSamples toSamples(UsageBatch batch, ContainerUsage c) {
        if (c.getContainer().isEmpty()) {
            throw new IllegalArgumentException("containers[].container is empty in usage batch of " + batch.getName());
        }
        long start = millis(batch.getWindowStart());
        long end = millis(batch.getWindowEnd());
        float[] cores = new float[c.getCpu().getCoresCount()];
        for (int i = 0; i < cores.length; i++) {
            cores[i] = c.getCpu().getCores(i);
        }
        ContainerSamples.CpuStats stats = null;
        if (c.getCpu().hasStats()) {
            CpuStats s = c.getCpu().getStats();
            stats = new ContainerSamples.CpuStats(s.getCount(), s.getP50Cores(), s.getP90Cores(), s.getP95Cores(),
                    s.getP99Cores(), s.getMaxCores());
        }
        long peak = c.hasMemory() ? c.getMemory().getWorkingSetPeakBytes() : -1;
        long points = c.hasMemory() ? Math.max(c.getMemory().getSampleCount(), c.getMemory().getWorkingSetBytesCount()) : 0;
        if (c.hasMemory() && c.getMemory().getWorkingSetBytesCount() > 0) {
            for (long v : c.getMemory().getWorkingSetBytesList()) {
                peak = Math.max(peak, v);
            }
        }
        String pod = c.getPod().isEmpty() ? c.getContainer() : c.getPod();
        int oomKills = c.hasOom() ? c.getOom().getOomKills() : 0;
        long limitAtOom = c.hasOom() && c.getOom().hasMemoryLimitAtOomBytes() ? c.getOom().getMemoryLimitAtOomBytes() : -1;
        long lastOom = c.hasOom() && c.getOom().hasLastOomAt() ? millis(c.getOom().getLastOomAt()) : -1;
        return new ContainerSamples(pod, start, end, c.getCpu().getStepSeconds() * 1000L, cores, stats, peak, points,
                oomKills, limitAtOom, lastOom);
    }
}
