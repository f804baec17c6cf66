package dev.krr.collector.adapter.out.kubelet;

/**
 * Receives the container samples of one scrape of a kubelet's resource metrics
 * ({@code /metrics/resource}), in the order the kubelet wrote them. Values are passed as read,
 * NaN and infinities included: the consumer decides what a bad sample means (the usage sinks
 * skip and count them), so the parser never turns a bad value into a plausible one.
 */
public interface ResourceSampleConsumer {

    /** {@code container_cpu_usage_seconds_total}: cumulative CPU core-seconds since the container started. */
    void cpu(String namespace, String pod, String container, long timestampMillis, double cpuSecondsTotal);

    /** {@code container_memory_working_set_bytes}: the working set when the kubelet took the sample. */
    void memory(String namespace, String pod, String container, long timestampMillis, double workingSetBytes);
}
