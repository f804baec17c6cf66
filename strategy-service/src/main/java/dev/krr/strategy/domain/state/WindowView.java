package dev.krr.strategy.domain.state;

import dev.krr.strategy.domain.histogram.SparseCounts;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Read-only answers of a {@link KrrWindow} over a slice range, in KRR's terms: per-pod and
 * all-pods CPU percentiles (safe-side, see {@link SparseCounts#percentile}), memory max, points.
 */
public final class WindowView {

    private final KrrWindow window;
    private final long fromSlice;
    private final long toSlice;

    WindowView(KrrWindow window, long fromSlice, long toSlice) {
        this.window = window;
        this.fromSlice = fromSlice;
        this.toSlice = toSlice;
    }

    /** KRR {@code simple}: max over pods of each pod's φ-percentile of CPU cores; NaN without data. */
    public double cpuMaxOfPodPercentiles(double phi) {
        double max = Double.NaN;
        int n = window.cpuBuckets().bucketCount();
        for (NavigableMap<Long, SparseCounts> slices : window.cpuByPod.values()) {
            long[] dense = new long[n];
            long total = 0;
            for (SparseCounts c : slices.subMap(fromSlice, true, toSlice, true).values()) {
                c.addTo(dense);
                total += c.total();
            }
            if (total > 0) {
                double p = SparseCounts.percentile(dense, total, phi, window.cpuBuckets());
                max = Double.isNaN(max) ? p : Math.max(max, p);
            }
        }
        return max;
    }

    /** KRR {@code simple-limit}: φ-percentile of all pods' CPU points together; NaN without data. */
    public double cpuPercentileOfAllPods(double phi) {
        long[] dense = new long[window.cpuBuckets().bucketCount()];
        long total = 0;
        for (NavigableMap<Long, SparseCounts> slices : window.cpuByPod.values()) {
            for (SparseCounts c : slices.subMap(fromSlice, true, toSlice, true).values()) {
                c.addTo(dense);
                total += c.total();
            }
        }
        return SparseCounts.percentile(dense, total, phi, window.cpuBuckets());
    }

    /** CPU samples over all pods in the window. */
    public long cpuPoints() {
        long total = 0;
        for (NavigableMap<Long, SparseCounts> slices : window.cpuByPod.values()) {
            for (SparseCounts c : slices.subMap(fromSlice, true, toSlice, true).values()) {
                total += c.total();
            }
        }
        return total;
    }

    private Iterable<MemorySlice> memorySlices() {
        return window.memory.subMap(fromSlice, true, toSlice, true).values();
    }

    /** Max working set in the window, bytes; 0 without data. */
    public long memoryMaxBytes() {
        long max = 0;
        for (MemorySlice s : memorySlices()) {
            max = Math.max(max, s.maxBytes);
        }
        return max;
    }

    public long memoryPoints() {
        long n = 0;
        for (MemorySlice s : memorySlices()) {
            n += s.points;
        }
        return n;
    }

    /** Highest memory limit in force at an OOM kill in the window, bytes; 0 when none. */
    public long oomLimitMaxBytes() {
        long max = 0;
        for (MemorySlice s : memorySlices()) {
            max = Math.max(max, s.oomLimitMaxBytes);
        }
        return max;
    }

    public int oomKills() {
        int n = 0;
        for (MemorySlice s : memorySlices()) {
            n += s.oomKills;
        }
        return n;
    }

    /** Pods with CPU data in this view. */
    public int pods() {
        int n = 0;
        for (Map.Entry<String, NavigableMap<Long, SparseCounts>> e : window.cpuByPod.entrySet()) {
            if (!e.getValue().subMap(fromSlice, true, toSlice, true).isEmpty()) {
                n++;
            }
        }
        return n;
    }
}
