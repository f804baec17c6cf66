package dev.krr.cli;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.krr.cli.config.ConfigKey;
import dev.krr.cli.config.KrrConfig;
import dev.krr.contracts.Headers;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.NodeRates;
import dev.krr.events.v1.NodeSnapshot;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.UsageBatch;
import dev.krr.events.v1.WorkloadSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code krr tail TOPIC}: prints a krr topic's records as JSON lines (key, partition, offset and
 * the decoded protobuf value; tombstones as null; dead letters with their error headers and the
 * raw bytes in base64). Reads with its own throw-away consumer group, so it never moves a
 * service's offsets.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Print the decoded records of a krr topic as JSON lines.")
final class TailCommand implements Callable<Integer> {

    private static final Map<String, Message> TYPES = Map.of(
            Topics.WORKLOADS, WorkloadSnapshot.getDefaultInstance(),
            Topics.NODES, NodeSnapshot.getDefaultInstance(),
            Topics.USAGE, UsageBatch.getDefaultInstance(),
            Topics.NODE_RATES, NodeRates.getDefaultInstance(),
            Topics.RECOMMENDATIONS, Recommendation.getDefaultInstance());

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", description = "Topic, e.g. krr.recommendations.v1 or krr.usage.v1.dlq.")
    String topic;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: kafka.bootstrap-servers).")
    String bootstrapServers;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new records until Ctrl-C.")
    boolean follow;

    @Option(names = {"-n", "--max-records"}, defaultValue = "0", description = "Stop after this many records (0 = no limit).")
    int maxRecords;

    @Option(names = "--idle-timeout", defaultValue = "PT5S", description = "Without --follow, stop after this long without records (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public Integer call() throws Exception {
        boolean dlq = topic.endsWith(Topics.DLQ_SUFFIX);
        String base = dlq ? topic.substring(0, topic.length() - Topics.DLQ_SUFFIX.length()) : topic;
        Message prototype = TYPES.get(base);
        if (prototype == null) {
            throw new IllegalArgumentException("unknown topic '" + topic + "'; krr topics: " + TYPES.keySet() + " and their .dlq");
        }
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        KrrConfig cfg = config.resolve(flags);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.require(ConfigKey.KAFKA_BOOTSTRAP_SERVERS));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // reading must never create a topic (a typo in a .dlq name would otherwise make one)
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        PrintWriter out = spec.commandLine().getOut();
        JsonFormat.Printer json = JsonFormat.printer().omittingInsignificantWhitespace();
        int printed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            // every partition assigned directly (no consumer group to join), so the idle clock starts
            // only once the consumer can read: a slow group join never ends the command empty-handed
            List<PartitionInfo> partitions;
            try {
                partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot reach Kafka at " + props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + " within " + METADATA_TIMEOUT.toSeconds() + " s");
            }
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist on " + props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            assigned.forEach(consumer::position);
            Instant lastRecord = Instant.now();
            while (follow || Duration.between(lastRecord, Instant.now()).compareTo(idleTimeout) < 0) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    lastRecord = Instant.now();
                    out.println(line(r, prototype, dlq, json));
                    if (maxRecords > 0 && ++printed >= maxRecords) {
                        return 0;
                    }
                }
            }
        }
        return 0;
    }

    static String line(ConsumerRecord<String, byte[]> r, Message prototype, boolean dlq, JsonFormat.Printer json) {
        StringBuilder sb = new StringBuilder("{\"partition\":").append(r.partition()).append(",\"offset\":").append(r.offset())
                .append(",\"key\":").append(quote(r.key()));
        if (dlq) {
            for (Header h : r.headers()) {
                if (h.key().startsWith(Headers.DLQ_PREFIX)) {
                    sb.append(",\"").append(h.key()).append("\":").append(quote(new String(h.value(), StandardCharsets.UTF_8)));
                }
            }
            sb.append(",\"valueBase64\":").append(r.value() == null ? "null" : quote(Base64.getEncoder().encodeToString(r.value())));
            return sb.append('}').toString();
        }
        if (r.value() == null) {
            return sb.append(",\"value\":null}").toString();
        }
        try {
            return sb.append(",\"value\":").append(json.print(prototype.getParserForType().parseFrom(r.value()))).append('}').toString();
        } catch (Exception e) {
            return sb.append(",\"error\":").append(quote("not a " + prototype.getDescriptorForType().getFullName() + ": " + e.getMessage()))
                    .append(",\"valueBase64\":").append(quote(Base64.getEncoder().encodeToString(r.value()))).append('}').toString();
        }
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
