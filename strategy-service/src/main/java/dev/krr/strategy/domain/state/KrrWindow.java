package dev.krr.strategy.domain.state;

import dev.krr.strategy.domain.histogram.GeometricBuckets;
import dev.krr.strategy.domain.histogram.SparseCounts;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What KRR's sliding window needs, cut into time slices so old data can be dropped exactly: per pod
 * and slice a sparse count histogram of CPU samples (KRR's {@code simple} takes each pod's P95 and
 * then the max over pods, so pods cannot be merged), and per slice the memory max, point count and
 * OOM facts. Slices older than {@link StateSettings#windowSlicesKept()} behind the newest are dropped.
 * A 14-day query at 12:00 uses the slices from 14 days ago (the whole day) to today, so the window's
 * edge is approximate by up to one slice.
 */
public final class KrrWindow {

    private final GeometricBuckets cpuBuckets;
    private final long sliceMillis;
    private final int keepSlices;
    final Map<String, NavigableMap<Long, SparseCounts>> cpuByPod = new HashMap<>();
    final NavigableMap<Long, MemorySlice> memory = new TreeMap<>();
    long newestSlice = Long.MIN_VALUE;

    KrrWindow(StateSettings settings) {
        this.cpuBuckets = settings.windowCpuBuckets();
        this.sliceMillis = settings.windowSlice().toMillis();
        this.keepSlices = settings.windowSlicesKept();
    }

    long sliceOf(long timeMillis) {
        return Math.floorDiv(timeMillis, sliceMillis);
    }

    private boolean tooOld(long slice) {
        return newestSlice != Long.MIN_VALUE && slice <= newestSlice - keepSlices;
    }

    private void advance(long slice) {
        if (slice > newestSlice) {
            newestSlice = slice;
            evict();
        }
    }

    void addCpuSeries(String pod, long startMillis, long stepMillis, float[] cores) {
        NavigableMap<Long, SparseCounts> slices = null;
        long currentSlice = Long.MIN_VALUE;
        SparseCounts current = null;
        for (int i = 0; i < cores.length; i++) {
            float v = cores[i];
            if (Float.isNaN(v) || v < 0) {
                continue;
            }
            long slice = sliceOf(startMillis + i * stepMillis);
            if (slice != currentSlice) {
                advance(slice);
                currentSlice = slice;
                if (tooOld(slice)) {
                    current = null;
                } else {
                    if (slices == null) {
                        slices = cpuByPod.computeIfAbsent(pod, p -> new TreeMap<>());
                    }
                    current = slices.computeIfAbsent(slice, s -> new SparseCounts());
                }
            }
            if (current != null) {
                current.add(cpuBuckets.bucketOf(v), 1);
            }
        }
    }

    void addCpuCounts(String pod, long timeMillis, int bucket, int count) {
        long slice = sliceOf(timeMillis);
        advance(slice);
        if (tooOld(slice)) {
            return;
        }
        cpuByPod.computeIfAbsent(pod, p -> new TreeMap<>()).computeIfAbsent(slice, s -> new SparseCounts()).add(bucket, count);
    }

    void addMemory(long timeMillis, long peakBytes, long points) {
        MemorySlice s = memorySlice(timeMillis);
        if (s != null) {
            s.maxBytes = Math.max(s.maxBytes, peakBytes);
            s.points += points;
        }
    }

    void addOom(long timeMillis, long memoryLimitBytes, int kills) {
        MemorySlice s = memorySlice(timeMillis);
        if (s != null) {
            s.oomLimitMaxBytes = Math.max(s.oomLimitMaxBytes, memoryLimitBytes);
            s.oomKills += kills;
        }
    }

    private MemorySlice memorySlice(long timeMillis) {
        long slice = sliceOf(timeMillis);
        advance(slice);
        if (tooOld(slice)) {
            return null;
        }
        return memory.computeIfAbsent(slice, k -> new MemorySlice());
    }

    private void evict() {
        long oldestKept = newestSlice - keepSlices + 1;
        memory.headMap(oldestKept, false).clear();
        Iterator<NavigableMap<Long, SparseCounts>> it = cpuByPod.values().iterator();
        while (it.hasNext()) {
            NavigableMap<Long, SparseCounts> slices = it.next();
            slices.headMap(oldestKept, false).clear();
            if (slices.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Facts over the slices that overlap {@code [nowMillis − historyMillis, nowMillis]}. */
    public WindowView view(long nowMillis, long historyMillis) {
        return new WindowView(this, sliceOf(nowMillis - historyMillis), sliceOf(nowMillis));
    }

    GeometricBuckets cpuBuckets() {
        return cpuBuckets;
    }

    /** Pods with CPU data in the window. */
    public int podCount() {
        return cpuByPod.size();
    }
}
