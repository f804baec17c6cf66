package dev.krr.strategy.domain.histogram;

/**
 * Buckets of constant relative width, for the KRR-compatible window: bucket 0 is {@code [0, min]},
 * bucket {@code i ≥ 1} is {@code (min·ratio^(i−1), min·ratio^i]}. Reporting a bucket's upper bound
 * therefore overstates any value ≥ {@code min} by less than {@code ratio − 1} (5% at 1.05) and
 * never understates it. CPU with min 1 millicore, ratio 1.05 and max 1000 cores needs
 * ⌈ln(10^6)/ln 1.05⌉ + 1 = ⌈283.2⌉ + 1 = 285 buckets; 0.2 cores lands in bucket ⌈ln 200/ln 1.05⌉ = ⌈108.59⌉ = 109,
 * whose upper bound is 0.001·1.05^109 = 0.2040 cores (+2.0%).
 */
public final class GeometricBuckets implements BucketScheme {

    private final double min;
    private final double ratio;
    private final double max;
    private final double logRatio;
    private final double[] uppers;

    /**
     * @param min upper bound of bucket 0 (the resolution floor), e.g. 0.001 cores
     * @param ratio upper bound of bucket i+1 over that of bucket i
     * @param max values above this land in the last bucket (and are understated: keep it generous)
     */
    public GeometricBuckets(double min, double ratio, double max) {
        if (!(min > 0)) {
            throw new IllegalArgumentException("min must be > 0, was " + min);
        }
        if (!(ratio > 1)) {
            throw new IllegalArgumentException("ratio must be > 1, was " + ratio);
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("max must be > min, was " + max);
        }
        this.min = min;
        this.ratio = ratio;
        this.max = max;
        this.logRatio = Math.log(ratio);
        int count = (int) Math.ceil(Math.log(max / min) / logRatio) + 1;
        this.uppers = new double[count];
        for (int i = 0; i < count; i++) {
            uppers[i] = min * Math.pow(ratio, i);
        }
    }

    /** KRR-window CPU buckets: 1 millicore floor, {@code ratio} growth, 1000 cores. */
    public static GeometricBuckets cpuCores(double ratio) {
        return new GeometricBuckets(0.001, ratio, 1000);
    }

    public double ratio() {
        return ratio;
    }

    @Override
    public int bucketCount() {
        return uppers.length;
    }

    @Override
    public int bucketOf(double value) {
        if (!(value > min)) {
            return 0;
        }
        int last = uppers.length - 1;
        int i = (int) Math.ceil(Math.log(value / min) / logRatio);
        i = Math.min(Math.max(i, 1), last);
        while (i < last && value > uppers[i]) {
            i++;
        }
        while (i > 1 && value <= uppers[i - 1]) {
            i--;
        }
        return i;
    }

    @Override
    public double upperBound(int index) {
        return uppers[index];
    }

    @Override
    public String toString() {
        return "geometric(min=" + min + ",ratio=" + ratio + ",max=" + max + ")";
    }
}
