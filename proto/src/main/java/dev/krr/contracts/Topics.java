package dev.krr.contracts;

import java.util.List;
import java.util.Map;

/**
 * The one place that names krr's Kafka topics and how each is configured. Services, tests,
 * the CLI and the deploy manifests all read these, so a topic is never spelled twice.
 */
public final class Topics {

    /** Workload snapshots, key {@link Keys#workload}, compacted; tombstone on delete. */
    public static final String WORKLOADS = "krr.workloads.v1";
    /** Node snapshots, key {@link Keys#node}, compacted; tombstone on delete. */
    public static final String NODES = "krr.nodes.v1";
    /** Usage batches, key {@link Keys#workload}, deleted after retention. */
    public static final String USAGE = "krr.usage.v1";
    /** Hourly rates per node, key {@link Keys#node}, compacted. */
    public static final String NODE_RATES = "krr.node-rates.v1";
    /** Recommendations, key {@link Keys#workload}, compacted; tombstone when the workload goes. */
    public static final String RECOMMENDATIONS = "krr.recommendations.v1";
    /**
     * Usage-ingest watermarks of the collectors, key {@code cluster/source}, value the ISO-8601
     * instant up to which usage was published; compacted. Written in the same Kafka transaction as
     * the usage batches it covers, so a crashed collector resumes with no gap and no double count.
     */
    public static final String COLLECTOR_WATERMARKS = "krr.collector-watermarks.v1";

    /** Suffix of the dead-letter topic of each topic: records that could not be processed. */
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /** Dead-letter topic for records of {@code topic}, e.g. {@code krr.usage.v1.dlq}. */
    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** A topic with its cleanup policy; partitions and replication come from configuration. */
    public record TopicSpec(String name, boolean compacted, Map<String, String> configs) {
    }

    /**
     * Every topic krr uses, with the configs that make it behave as documented. Usage keeps
     * 15 days (a 14-day backfill plus a day of slack) so a strategy rebuilt from scratch can
     * replay it.
     */
    public static List<TopicSpec> all() {
        Map<String, String> compact = Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000");
        Map<String, String> usage = Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(15L * 24 * 3600 * 1000));
        Map<String, String> dlq = Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(30L * 24 * 3600 * 1000));
        return List.of(
                new TopicSpec(WORKLOADS, true, compact),
                new TopicSpec(NODES, true, compact),
                new TopicSpec(USAGE, false, usage),
                new TopicSpec(NODE_RATES, true, compact),
                new TopicSpec(RECOMMENDATIONS, true, compact),
                new TopicSpec(COLLECTOR_WATERMARKS, true, compact),
                new TopicSpec(deadLetter(WORKLOADS), false, dlq),
                new TopicSpec(deadLetter(NODES), false, dlq),
                new TopicSpec(deadLetter(USAGE), false, dlq),
                new TopicSpec(deadLetter(NODE_RATES), false, dlq),
                new TopicSpec(deadLetter(RECOMMENDATIONS), false, dlq));
    }
}
