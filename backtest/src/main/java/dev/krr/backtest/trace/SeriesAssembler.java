package dev.krr.backtest.trace;

import java.util.Arrays;

/**
 * Collects the rows of one series in file order and turns them into a {@link UsageSeries}: sorts
 * by time (stable, so file order decides among equal timestamps) and merges rows that share a
 * timestamp into one interval. Merged usage is the maximum of the rows (an interval's peak is what
 * starves or kills a container, so the safe reading of two conflicting measurements is the higher
 * one); the request and limit come from the row read last (the newer configuration).
 * Example: rows (t=600 s, 0.2 cores, 1 GiB) and (t=600 s, 0.5 cores, 0.8 GiB) become one interval
 * at 600 s with 0.5 cores and 1 GiB.
 */
final class SeriesAssembler {

    private final String id;
    private final String source;
    private long[] time = new long[1024];
    private double[] cpu = new double[1024];
    private double[] memory = new double[1024];
    private double[] cpuRequest = new double[1024];
    private double[] cpuLimit = new double[1024];
    private double[] memoryRequest = new double[1024];
    private double[] memoryLimit = new double[1024];
    private int size;
    private boolean sorted = true;

    SeriesAssembler(String id, String source) {
        this.id = id;
        this.source = source;
    }

    void add(long timeMillis, double cpuCores, double memoryBytes, double cpuRequestCores, double cpuLimitCores,
             double memoryRequestBytes, double memoryLimitBytes) {
        if (size == time.length) {
            int n = size * 2;
            time = Arrays.copyOf(time, n);
            cpu = Arrays.copyOf(cpu, n);
            memory = Arrays.copyOf(memory, n);
            cpuRequest = Arrays.copyOf(cpuRequest, n);
            cpuLimit = Arrays.copyOf(cpuLimit, n);
            memoryRequest = Arrays.copyOf(memoryRequest, n);
            memoryLimit = Arrays.copyOf(memoryLimit, n);
        }
        if (size > 0 && timeMillis < time[size - 1]) {
            sorted = false;
        }
        time[size] = timeMillis;
        cpu[size] = cpuCores;
        memory[size] = memoryBytes;
        cpuRequest[size] = cpuRequestCores;
        cpuLimit[size] = cpuLimitCores;
        memoryRequest[size] = memoryRequestBytes;
        memoryLimit[size] = memoryLimitBytes;
        size++;
    }

    int size() {
        return size;
    }

    /** Builds the series, recording merged duplicate timestamps in {@code stats}. */
    UsageSeries build(ReadStats stats) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (!sorted) {
            Arrays.sort(order, (a, b) -> Long.compare(time[a], time[b]));
        }
        long[] t = new long[size];
        double[] c = new double[size];
        double[] m = new double[size];
        double[] cr = new double[size];
        double[] cl = new double[size];
        double[] mr = new double[size];
        double[] ml = new double[size];
        int n = 0;
        long merged = 0;
        for (int k = 0; k < size; k++) {
            int i = order[k];
            if (n > 0 && t[n - 1] == time[i]) {
                int j = n - 1;
                c[j] = maxKnown(c[j], cpu[i]);
                m[j] = maxKnown(m[j], memory[i]);
                cr[j] = cpuRequest[i];
                cl[j] = cpuLimit[i];
                mr[j] = memoryRequest[i];
                ml[j] = memoryLimit[i];
                merged++;
                continue;
            }
            t[n] = time[i];
            c[n] = cpu[i];
            m[n] = memory[i];
            cr[n] = cpuRequest[i];
            cl[n] = cpuLimit[i];
            mr[n] = memoryRequest[i];
            ml[n] = memoryLimit[i];
            n++;
        }
        stats.mergedDuplicates(merged);
        t = Arrays.copyOf(t, n);
        return new UsageSeries(id, source, t, Arrays.copyOf(c, n), Arrays.copyOf(m, n), Arrays.copyOf(cr, n),
                Arrays.copyOf(cl, n), Arrays.copyOf(mr, n), Arrays.copyOf(ml, n), UsageSeries.medianStepMillis(t));
    }

    private static double maxKnown(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        if (Double.isNaN(b)) {
            return a;
        }
        return Math.max(a, b);
    }
}
