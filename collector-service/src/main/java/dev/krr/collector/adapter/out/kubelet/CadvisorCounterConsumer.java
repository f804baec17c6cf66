package dev.krr.collector.adapter.out.kubelet;

/**
 * Receives the CFS throttling counters of one scrape of a kubelet's cAdvisor metrics
 * ({@code /metrics/cadvisor}), in the order the kubelet wrote them, for containers only: the
 * pod-level cgroup ({@code container=""}) and the sandbox ({@code container="POD"}) are not passed
 * on. cAdvisor writes these families only for containers with a CPU quota (a CPU limit), so a
 * container without one never shows up here. Values are passed as read, NaN included.
 */
public interface CadvisorCounterConsumer {

    /** Number of elapsed CFS enforcement periods (100 ms each by default). */
    String CFS_PERIODS = "container_cpu_cfs_periods_total";
    /** Number of periods in which the container used up its quota and was throttled. */
    String CFS_THROTTLED_PERIODS = "container_cpu_cfs_throttled_periods_total";
    /** Total time the container's threads waited because the quota was used up, in seconds. */
    String CFS_THROTTLED_SECONDS = "container_cpu_cfs_throttled_seconds_total";

    /**
     * One cumulative counter sample.
     *
     * @param family one of {@link #CFS_PERIODS}, {@link #CFS_THROTTLED_PERIODS}, {@link #CFS_THROTTLED_SECONDS}
     *               (the constant itself, so it can be compared with {@code ==})
     */
    void counter(String namespace, String pod, String container, String family, long timestampMillis, double value);
}
