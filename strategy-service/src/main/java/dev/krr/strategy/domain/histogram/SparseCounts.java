package dev.krr.strategy.domain.histogram;

import java.util.Arrays;

/**
 * Integer sample counts per bucket, stored sparsely as sorted (bucket, count) pairs. One pod's CPU
 * over one day usually fills 20–40 of the 285 KRR-window buckets, so this is 5–10× smaller than a
 * dense array and serializes to about two bytes per filled bucket.
 */
public final class SparseCounts {

    private short[] buckets;
    private int[] counts;
    private int size;
    private long total;

    public SparseCounts() {
        this(8);
    }

    public SparseCounts(int capacity) {
        buckets = new short[Math.max(capacity, 1)];
        counts = new int[Math.max(capacity, 1)];
    }

    /** Adds {@code n} samples to {@code bucket}. */
    public void add(int bucket, int n) {
        if (n <= 0) {
            return;
        }
        if (size == 0 || bucket > buckets[size - 1]) {
            // appending in bucket order (what decoding does): no search, no shift
            if (size == buckets.length) {
                buckets = Arrays.copyOf(buckets, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            buckets[size] = (short) bucket;
            counts[size++] = n;
            total += n;
            return;
        }
        int pos = Arrays.binarySearch(buckets, 0, size, (short) bucket);
        if (pos >= 0) {
            counts[pos] += n;
        } else {
            int ins = -pos - 1;
            if (size == buckets.length) {
                buckets = Arrays.copyOf(buckets, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            System.arraycopy(buckets, ins, buckets, ins + 1, size - ins);
            System.arraycopy(counts, ins, counts, ins + 1, size - ins);
            buckets[ins] = (short) bucket;
            counts[ins] = n;
            size++;
        }
        total += n;
    }

    public long total() {
        return total;
    }

    public int size() {
        return size;
    }

    public int bucketAt(int i) {
        return buckets[i];
    }

    public int countAt(int i) {
        return counts[i];
    }

    /** Adds these counts into a dense array indexed by bucket. */
    public void addTo(long[] dense) {
        for (int i = 0; i < size; i++) {
            dense[buckets[i]] += counts[i];
        }
    }

    /**
     * The KRR-compatible percentile of dense counts: Prometheus' {@code quantile_over_time} and
     * numpy's default {@code percentile} interpolate between the sorted samples at ranks
     * ⌊φ(n−1)⌋ and ⌊φ(n−1)⌋+1 (0-based); the sample at rank ⌈φ(n−1)⌉ is never below that, so the
     * upper bound of its bucket is a safe-side answer. 100 samples, φ = 0.95: rank ⌈94.05⌉ = 95,
     * the 96th smallest. Returns NaN when there are no samples.
     */
    public static double percentile(long[] dense, long total, double phi, BucketScheme scheme) {
        if (total <= 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(phi * (total - 1));
        long need = Math.min(rank + 1, total);
        long sum = 0;
        for (int i = 0; i < dense.length; i++) {
            sum += dense[i];
            if (sum >= need) {
                return scheme.upperBound(i);
            }
        }
        return scheme.upperBound(dense.length - 1);
    }
}
