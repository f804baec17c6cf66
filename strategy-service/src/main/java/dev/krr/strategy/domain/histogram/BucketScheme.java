package dev.krr.strategy.domain.histogram;

/**
 * How a histogram cuts the value axis into buckets. A histogram only stores per-bucket weights or
 * counts, so the scheme decides both its size and its error: a percentile is reported as the upper
 * bound of the bucket that holds it, never lower than the exact value.
 */
public interface BucketScheme {

    /** Number of buckets; indexes run 0..bucketCount()-1. */
    int bucketCount();

    /** Index of the bucket holding {@code value}; values past the last bucket land in it. */
    int bucketOf(double value);

    /** Largest value that belongs to bucket {@code index}: what a percentile falling there reports. */
    double upperBound(int index);
}
