package dev.krr.strategy.domain.state;

import dev.krr.strategy.domain.histogram.DecayingHistogram;
import java.time.Duration;

/**
 * Everything krr remembers about one container of one workload, and nothing else: VPA's decaying
 * CPU histogram and memory-peak histogram (one peak per container per aggregation interval), the
 * KRR window slices, sample counts and the first/last sample time. Strategies read it; only
 * {@link #add} writes it, so replaying the same samples into a fresh state gives the same answers
 * (what the backtest harness relies on).
 */
public final class ContainerUsageState {

    /** VPA's OOM bump: at least 100 MiB more than the usage at the kill. */
    public static final long OOM_MIN_BUMP_BYTES = 100L * 1024 * 1024;
    /** VPA's OOM bump: at least 20% more than the usage at the kill. */
    public static final double OOM_BUMP_RATIO = 1.2;
    static final long NONE = Long.MIN_VALUE;

    private final StateSettings settings;
    final DecayingHistogram cpu;
    final DecayingHistogram memoryPeaks;
    final KrrWindow window;
    long memoryIntervalStartMillis = NONE;
    long memoryIntervalPeakBytes;
    long cpuSamples;
    long memorySamples;
    long firstSampleMillis = NONE;
    long lastSampleMillis = NONE;
    long lastOomMillis = NONE;
    long oomKills;

    public ContainerUsageState(StateSettings settings) {
        this.settings = settings;
        long halfLife = settings.halfLife().toMillis();
        this.cpu = new DecayingHistogram(settings.vpaCpuBuckets(), halfLife);
        this.memoryPeaks = new DecayingHistogram(settings.vpaMemoryBuckets(), halfLife);
        this.window = new KrrWindow(settings);
    }

    public StateSettings settings() {
        return settings;
    }

    /** Ingests one container-window of usage. */
    public void add(ContainerSamples s) {
        float[] cores = s.cpuCores();
        if (cores.length > 0) {
            double w = settings.cpuSampleWeight();
            long step = s.stepMillis();
            long t = s.windowStartMillis();
            long n = 0;
            for (int i = 0; i < cores.length; i++, t += step) {
                float v = cores[i];
                if (!Float.isNaN(v)) {
                    cpu.add(v, w, t);
                    n++;
                }
            }
            if (n > 0) {
                window.addCpuSeries(s.pod(), s.windowStartMillis(), step, cores);
                cpuSamples += n;
                touch(s.windowStartMillis(), s.windowStartMillis() + (cores.length - 1) * step);
            }
        } else if (s.cpuStats() != null && s.cpuStats().count() > 0) {
            addCpuStats(s.pod(), s.windowStartMillis(), s.windowEndMillis(), s.cpuStats());
        }
        if (s.memoryPeakBytes() >= 0) {
            addMemoryPeak(s.windowStartMillis(), s.memoryPeakBytes());
            long points = Math.max(1, s.memoryPoints());
            window.addMemory(s.windowStartMillis(), s.memoryPeakBytes(), points);
            memorySamples += points;
            touch(s.windowStartMillis(), Math.max(s.windowStartMillis(), s.windowEndMillis() - 1));
        }
        if (s.oomKills() > 0) {
            long at = s.lastOomMillis() >= 0 ? s.lastOomMillis() : Math.max(s.windowStartMillis(), s.windowEndMillis() - 1);
            long used = s.memoryLimitAtOomBytes() > 0 ? s.memoryLimitAtOomBytes() : Math.max(0, s.memoryPeakBytes());
            long needed = Math.max(used + OOM_MIN_BUMP_BYTES, (long) Math.ceil(used * OOM_BUMP_RATIO));
            addMemoryPeak(at, needed);
            window.addOom(at, Math.max(0, s.memoryLimitAtOomBytes()), s.oomKills());
            oomKills += s.oomKills();
            lastOomMillis = lastOomMillis == NONE ? at : Math.max(lastOomMillis, at);
        }
    }

    /**
     * Statistics stand in for samples at the upper end of each rank range, so percentiles stay on
     * the safe side: of 100 samples, 50 at p50, 40 at p90, 5 at p95, 4 at p99 and 1 at max.
     */
    private void addCpuStats(String pod, long startMillis, long endMillis, ContainerSamples.CpuStats st) {
        long n = st.count();
        long n50 = Math.round(n * 0.50);
        long n90 = Math.round(n * 0.40);
        long n95 = Math.round(n * 0.05);
        long n99 = Math.round(n * 0.04);
        long nMax = Math.max(0, n - n50 - n90 - n95 - n99);
        double w = settings.cpuSampleWeight();
        double[] values = {st.p50Cores(), st.p90Cores(), st.p95Cores(), st.p99Cores(), st.maxCores()};
        long[] counts = {n50, n90, n95, n99, nMax};
        for (int i = 0; i < values.length; i++) {
            if (counts[i] > 0 && values[i] >= 0 && !Double.isNaN(values[i])) {
                cpu.add(values[i], w * counts[i], startMillis);
                window.addCpuCounts(pod, startMillis, window.cpuBuckets().bucketOf(values[i]), (int) counts[i]);
            }
        }
        cpuSamples += n;
        touch(startMillis, Math.max(startMillis, endMillis - 1));
    }

    private void addMemoryPeak(long timeMillis, long peakBytes) {
        long interval = settings.memoryAggregationInterval().toMillis();
        long start = Math.floorDiv(timeMillis, interval) * interval;
        if (memoryIntervalStartMillis == NONE || start > memoryIntervalStartMillis) {
            closeMemoryInterval();
            memoryIntervalStartMillis = start;
            memoryIntervalPeakBytes = peakBytes;
        } else if (start == memoryIntervalStartMillis) {
            memoryIntervalPeakBytes = Math.max(memoryIntervalPeakBytes, peakBytes);
        } else {
            memoryPeaks.add(peakBytes, 1.0, start);
        }
    }

    private void closeMemoryInterval() {
        if (memoryIntervalStartMillis != NONE) {
            memoryPeaks.add(memoryIntervalPeakBytes, 1.0, memoryIntervalStartMillis);
        }
    }

    private void touch(long fromMillis, long toMillis) {
        firstSampleMillis = firstSampleMillis == NONE ? fromMillis : Math.min(firstSampleMillis, fromMillis);
        lastSampleMillis = lastSampleMillis == NONE ? toMillis : Math.max(lastSampleMillis, toMillis);
    }

    /** VPA-style CPU percentile (0..1) of the decaying histogram, cores; 0 without samples. */
    public double decayingCpuPercentile(double p) {
        return cpu.percentile(p);
    }

    /** VPA-style memory percentile (0..1) over interval peaks, including the open interval's peak, bytes. */
    public double decayingMemoryPercentile(double p) {
        if (memoryIntervalStartMillis == NONE) {
            return memoryPeaks.percentile(p);
        }
        DecayingHistogram withOpen = memoryPeaks.copy();
        withOpen.add(memoryIntervalPeakBytes, 1.0, memoryIntervalStartMillis);
        return withOpen.percentile(p);
    }

    /** KRR-window facts over {@code history} ending at {@code nowMillis}. */
    public WindowView window(long nowMillis, Duration history) {
        return window.view(nowMillis, history.toMillis());
    }

    public long cpuSamples() {
        return cpuSamples;
    }

    public long memorySamples() {
        return memorySamples;
    }

    public boolean hasData() {
        return firstSampleMillis != NONE;
    }

    /** Epoch millis of the first sample, or -1 without data. */
    public long firstSampleMillis() {
        return firstSampleMillis == NONE ? -1 : firstSampleMillis;
    }

    /** Epoch millis of the last sample, or -1 without data. */
    public long lastSampleMillis() {
        return lastSampleMillis == NONE ? -1 : lastSampleMillis;
    }

    /** OOM kills ever seen. */
    public long oomKills() {
        return oomKills;
    }

    /**
     * VPA's confidence: min(lifespan in days, CPU samples / 1440), e.g. 3 days of data at one
     * sample a minute → min(3, 4320/1440) = 3; half a day at 75 s → min(0.5, 576/1440) = 0.4.
     */
    public double vpaConfidence() {
        if (!hasData()) {
            return 0;
        }
        double days = (lastSampleMillis - firstSampleMillis) / 86_400_000.0;
        return Math.min(days, cpuSamples / 1440.0);
    }
}
