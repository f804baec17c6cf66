package dev.krr.strategy.domain.histogram;

/**
 * The Kubernetes VPA recommender's exponential buckets: bucket {@code i} starts at
 * {@code first·(ratio^i − 1)/(ratio − 1)}, so each bucket is {@code ratio} times wider than the
 * previous one. With VPA's CPU defaults (first 0.01 core, ratio 1.05, max 1000 cores) there are
 * ⌈ln(1000·0.05/0.01 + 1)/ln 1.05⌉ + 1 = ⌈174.6⌉ + 1 = 176 buckets; bucket 1 starts at 0.01,
 * bucket 2 at 0.0205, bucket 10 at 0.01·(1.05^10 − 1)/0.05 ≈ 0.1258 cores.
 */
public final class VpaBuckets implements BucketScheme {

    private final double firstBucketSize;
    private final double ratio;
    private final double maxValue;
    private final double[] starts;

    /**
     * @param firstBucketSize width of bucket 0, in the histogram's unit (cores or bytes)
     * @param ratio growth of each bucket's width over the previous one, e.g. 1.05
     * @param maxValue values at or above this land in the last bucket
     */
    public VpaBuckets(double firstBucketSize, double ratio, double maxValue) {
        if (!(firstBucketSize > 0)) {
            throw new IllegalArgumentException("firstBucketSize must be > 0, was " + firstBucketSize);
        }
        if (!(ratio > 1)) {
            throw new IllegalArgumentException("ratio must be > 1, was " + ratio);
        }
        if (!(maxValue > firstBucketSize)) {
            throw new IllegalArgumentException("maxValue must be > firstBucketSize, was " + maxValue);
        }
        this.firstBucketSize = firstBucketSize;
        this.ratio = ratio;
        this.maxValue = maxValue;
        int count = (int) Math.ceil(Math.log(maxValue * (ratio - 1) / firstBucketSize + 1) / Math.log(ratio)) + 1;
        this.starts = new double[count];
        for (int i = 0; i < count; i++) {
            starts[i] = firstBucketSize * (Math.pow(ratio, i) - 1) / (ratio - 1);
        }
    }

    /** VPA's CPU buckets: 0.01 core first, 5% growth, 1000 cores max. */
    public static VpaBuckets vpaCpuCores() {
        return new VpaBuckets(0.01, 1.05, 1000);
    }

    /** VPA's memory buckets: 10 MB first, 5% growth, 1 TB max. */
    public static VpaBuckets vpaMemoryBytes() {
        return new VpaBuckets(1e7, 1.05, 1e12);
    }

    public double firstBucketSize() {
        return firstBucketSize;
    }

    public double ratio() {
        return ratio;
    }

    public double maxValue() {
        return maxValue;
    }

    @Override
    public int bucketCount() {
        return starts.length;
    }

    /** Start of bucket {@code index} (bucket 0 starts at 0). */
    public double start(int index) {
        return starts[index];
    }

    @Override
    public int bucketOf(double value) {
        if (!(value >= firstBucketSize)) {
            return 0;
        }
        int last = starts.length - 1;
        int i = (int) Math.floor(Math.log(value * (ratio - 1) / firstBucketSize + 1) / Math.log(ratio));
        i = Math.min(Math.max(i, 0), last);
        while (i < last && value >= starts[i + 1]) {
            i++;
        }
        while (i > 0 && value < starts[i]) {
            i--;
        }
        return i;
    }

    /** VPA reports the start of the next bucket; the last bucket reports its own start. */
    @Override
    public double upperBound(int index) {
        return index >= starts.length - 1 ? starts[starts.length - 1] : starts[index + 1];
    }

    @Override
    public String toString() {
        return "vpa(first=" + firstBucketSize + ",ratio=" + ratio + ",max=" + maxValue + ")";
    }
}
