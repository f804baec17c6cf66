package dev.krr.collector.adapter.out.prometheus;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Recent raw samples of the two usage metrics that reached the collector without reading
 * Prometheus: scraped from the nodes' kubelets, which serve the same cumulative CPU counter and
 * the same working set that Prometheus scrapes from them. When a follow read's range is covered
 * here, {@link PrometheusUsageSource} turns these samples into steps with exactly the code it uses
 * for Prometheus' samples, and Prometheus is not read for them at all; only pods on nodes that are
 * not covered are read from Prometheus.
 */
public interface RecentSamples {

    /**
     * Nodes whose samples cover {@code [from, to]} without a hole: answered at or before
     * {@code from}, at or after {@code to}, and never silent for long in between.
     */
    Set<String> coveredNodes(Instant from, Instant to);

    /**
     * Streams, for every series scraped from one of {@code nodes}, its samples from the newest at
     * or before {@code from} up to {@code to}, ascending, as a series labelled {@code __name__},
     * {@code namespace}, {@code pod} and {@code container}.
     */
    void replay(Instant from, Instant to, Set<String> nodes, SeriesReceiver receiver);

    /** Everything up to {@code upTo} is published: samples before it are no longer needed, except the newest per series. */
    void release(Instant upTo);

    /**
     * The increase of cAdvisor's CFS counters over {@code [start, end]} (a batch window) for the
     * containers on {@code nodes} that have them (only containers with a CPU quota do), read from
     * the kubelets' {@code /metrics/cadvisor} near both ends of the window; with it the follow asks
     * Prometheus nothing. {@link Throttling#nodes()} are the nodes whose counters bracket the window;
     * pods on other nodes still need Prometheus' counters request.
     */
    default Throttling throttling(Instant start, Instant end, Set<String> nodes) {
        return Throttling.NONE;
    }

    /**
     * CFS counter increases per container over one window.
     *
     * @param nodes     nodes whose counters were read at both ends of the window
     * @param increases per container {@code {periods, throttledPeriods, throttledSeconds}} increases
     */
    record Throttling(Set<String> nodes, Map<ContainerKey, double[]> increases) {
        public static final Throttling NONE = new Throttling(Set.of(), Map.of());

        public Throttling {
            nodes = Set.copyOf(nodes);
            increases = Map.copyOf(increases);
        }
    }

    /** A container of a pod. */
    record ContainerKey(String namespace, String pod, String container) {
    }

    /** Receives replayed series; a {@code null} answer skips the series. */
    interface SeriesReceiver {
        PointReceiver series(Map<String, String> labels);
    }

    /** Receives the points of one series in ascending time, then {@link #end()}. */
    interface PointReceiver {
        void point(long timestampMillis, double value);

        void end();
    }
}
