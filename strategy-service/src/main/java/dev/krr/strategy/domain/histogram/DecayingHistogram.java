package dev.krr.strategy.domain.histogram;

import java.util.Arrays;

/**
 * VPA's decaying histogram: a sample's weight grows by 2^((t − reference)/halfLife), which is the
 * same as every older weight halving each half-life, but needs no pass over the buckets per sample.
 * With a 24 h half-life a sample from yesterday counts half as much as one from now, one from a
 * week ago 1/128. Percentiles are the upper bound of the bucket where the running weight first
 * reaches {@code p·total} (VPA's rule), so they overstate by at most one bucket (≤ 5% above
 * VPA's first bucket).
 *
 * <p>Owns only the weights of one container-resource; the reference time moves forward whenever
 * weights would grow past 2^{@value #MAX_DECAY_EXPONENT}, rescaling the stored weights, so they
 * stay in float range when serialized.
 */
public final class DecayingHistogram {

    /** Shift the reference when a new sample would weigh more than 2^20 ≈ 10^6 times the reference weight. */
    static final int MAX_DECAY_EXPONENT = 20;

    private final BucketScheme scheme;
    private final long halfLifeMillis;
    private final double[] weights;
    private long referenceMillis;
    private double totalWeight;
    private int minBucket;
    private int maxBucket;

    public DecayingHistogram(BucketScheme scheme, long halfLifeMillis) {
        if (halfLifeMillis <= 0) {
            throw new IllegalArgumentException("halfLifeMillis must be > 0, was " + halfLifeMillis);
        }
        this.scheme = scheme;
        this.halfLifeMillis = halfLifeMillis;
        this.weights = new double[scheme.bucketCount()];
        this.minBucket = weights.length;
        this.maxBucket = -1;
    }

    public BucketScheme scheme() {
        return scheme;
    }

    public long halfLifeMillis() {
        return halfLifeMillis;
    }

    public boolean isEmpty() {
        return maxBucket < 0;
    }

    /** Adds {@code value} observed at {@code timeMillis} with base weight {@code weight}. */
    public void add(double value, double weight, long timeMillis) {
        if (!(weight > 0) || Double.isNaN(value)) {
            return;
        }
        if (isEmpty()) {
            referenceMillis = timeMillis;
        } else if (timeMillis - referenceMillis > MAX_DECAY_EXPONENT * halfLifeMillis) {
            shiftReference(timeMillis);
        }
        double w = weight * Math.pow(2, (double) (timeMillis - referenceMillis) / halfLifeMillis);
        int b = scheme.bucketOf(value);
        weights[b] += w;
        totalWeight += w;
        if (b < minBucket) {
            minBucket = b;
        }
        if (b > maxBucket) {
            maxBucket = b;
        }
    }

    private void shiftReference(long newReferenceMillis) {
        double factor = Math.pow(2, -(double) (newReferenceMillis - referenceMillis) / halfLifeMillis);
        totalWeight = 0;
        int newMin = weights.length;
        int newMax = -1;
        for (int i = minBucket; i <= maxBucket; i++) {
            double w = weights[i] * factor;
            if (w < Float.MIN_NORMAL) {
                w = 0;
            }
            weights[i] = w;
            if (w > 0) {
                totalWeight += w;
                newMin = Math.min(newMin, i);
                newMax = i;
            }
        }
        minBucket = newMin;
        maxBucket = newMax;
        referenceMillis = newReferenceMillis;
    }

    /**
     * The {@code p}-th percentile (0..1): upper bound of the first bucket whose cumulative weight
     * reaches {@code p·total}; 0 when empty. Weights 1,1,2 in buckets 0,1,2 of VPA CPU buckets:
     * p=0.5 → threshold 2 reached in bucket 1 → 0.0205 cores.
     */
    public double percentile(double p) {
        if (isEmpty()) {
            return 0;
        }
        double threshold = p * totalWeight;
        double sum = 0;
        for (int i = minBucket; i <= maxBucket; i++) {
            sum += weights[i];
            if (sum >= threshold && weights[i] > 0) {
                return scheme.upperBound(i);
            }
        }
        return scheme.upperBound(maxBucket);
    }

    /** Sum of the stored (reference-scaled) weights; meaningful only relative to itself. */
    public double totalWeight() {
        return totalWeight;
    }

    public long referenceMillis() {
        return referenceMillis;
    }

    /** Number of non-empty buckets (what serialization costs). */
    public int nonEmptyBuckets() {
        int n = 0;
        for (int i = minBucket; i <= maxBucket; i++) {
            if (weights[i] > 0) {
                n++;
            }
        }
        return n;
    }

    /** Visits the non-empty buckets in index order. */
    public void forEachBucket(BucketVisitor visitor) {
        for (int i = minBucket; i <= maxBucket; i++) {
            if (weights[i] > 0) {
                visitor.visit(i, weights[i]);
            }
        }
    }

    /** Restores a stored bucket weight (used by the codec); weights are relative to {@code referenceMillis}. */
    public void restore(long referenceMillis, int bucket, double weight) {
        this.referenceMillis = referenceMillis;
        if (weight <= 0) {
            return;
        }
        weights[bucket] += weight;
        totalWeight += weight;
        minBucket = Math.min(minBucket, bucket);
        maxBucket = Math.max(maxBucket, bucket);
    }

    /** Sets the reference time of an empty or restored histogram. */
    public void restoreReference(long referenceMillis) {
        this.referenceMillis = referenceMillis;
    }

    /** A copy, so a strategy can add a transient sample without touching the state. */
    public DecayingHistogram copy() {
        DecayingHistogram c = new DecayingHistogram(scheme, halfLifeMillis);
        System.arraycopy(weights, 0, c.weights, 0, weights.length);
        c.referenceMillis = referenceMillis;
        c.totalWeight = totalWeight;
        c.minBucket = minBucket;
        c.maxBucket = maxBucket;
        return c;
    }

    @Override
    public String toString() {
        return "DecayingHistogram" + Arrays.toString(Arrays.copyOfRange(weights, Math.max(0, minBucket), maxBucket + 1));
    }

    /** Receives one non-empty bucket. */
    @FunctionalInterface
    public interface BucketVisitor {
        void visit(int bucket, double weight);
    }
}
