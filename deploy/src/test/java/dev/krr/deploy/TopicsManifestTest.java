package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Topics;
import dev.krr.contracts.Topics.TopicSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The topic definitions in deploy/ (Strimzi KafkaTopics and the topic Job's list) say exactly
 * what {@link Topics#all()} says: the same names, the same cleanup policies and retention.
 */
class TopicsManifestTest {

    static List<String> allTopicNames() {
        return Topics.all().stream().map(TopicSpec::name).toList();
    }

    /** What a collector writes: its edge Kafka (MirrorMaker 2 variant) holds only these. */
    static List<String> collectorTopicNames() {
        return List.of(Topics.WORKLOADS, Topics.NODES, Topics.USAGE, Topics.COLLECTOR_WATERMARKS);
    }

    private static Map<String, Map<String, String>> contract() {
        Map<String, Map<String, String>> contract = new TreeMap<>();
        Topics.all().forEach(t -> contract.put(t.name(), new TreeMap<>(t.configs())));
        return contract;
    }

    @Test
    void strimziTopicsAreExactlyTheContractTopicsWithTheirConfigs() {
        List<GenericKubernetesResource> topics = Kustomize.render("base/topics").generic("KafkaTopic");

        assertThat(configsByTopicName(topics)).isEqualTo(contract());
        for (GenericKubernetesResource topic : topics) {
            String name = topic.get("spec", "topicName");
            TopicSpec spec = Topics.all().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
            assertThat(topic.getMetadata().getName()).as("resource name of " + name).isEqualTo(name);
            assertThat(topic.getApiVersion()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "krr");
            assertThat(spec.configs().get("cleanup.policy")).as(name).isEqualTo(spec.compacted() ? "compact" : "delete");
            assertThat(((Number) topic.get("spec", "replicas")).intValue()).as(name + " replicas").isEqualTo(3);
        }
    }

    @Test
    void workloadKeyedTopicsShareOnePartitionCountSoStreamsJoinsStayCoPartitioned() {
        List<GenericKubernetesResource> topics = Kustomize.render("base/topics").generic("KafkaTopic");
        Map<String, Integer> partitions = topics.stream().collect(Collectors.toMap(
                t -> (String) t.get("spec", "topicName"), t -> ((Number) t.get("spec", "partitions")).intValue()));

        Set<Integer> keyedCounts = Set.of(Topics.WORKLOADS, Topics.USAGE, Topics.RECOMMENDATIONS, Topics.NODES, Topics.NODE_RATES)
                .stream().map(partitions::get).collect(Collectors.toSet());
        assertThat(keyedCounts).hasSize(1);
        assertThat(keyedCounts.iterator().next()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void edgeTopicsAreTheCollectorTopicsWithTheCentralDefinitions() {
        Map<String, Map<String, String>> edge = configsByTopicName(Kustomize.render("base/topics/collector-topics").generic("KafkaTopic"));
        Map<String, Map<String, String>> expected = new TreeMap<>(contract());
        expected.keySet().retainAll(collectorTopicNames());

        assertThat(edge).isEqualTo(expected);
    }

    @Test
    void topicJobListIsExactlyTheContractTopicsWithTheirConfigs() throws IOException {
        Map<String, Map<String, String>> listed = new TreeMap<>();
        Map<String, String> partitionClass = new HashMap<>();
        for (String line : Files.readAllLines(Kustomize.DEPLOY_DIR.resolve("base/topics-job/topics.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            Map<String, String> configs = new TreeMap<>();
            Arrays.stream(fields).skip(2).forEach(kv -> configs.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
            assertThat(listed.put(fields[0], configs)).as("listed twice: " + fields[0]).isNull();
            partitionClass.put(fields[0], fields[1]);
        }

        assertThat(listed).isEqualTo(contract());
        partitionClass.forEach((topic, cls) -> assertThat(cls).as(topic)
                .isEqualTo(topic.endsWith(Topics.DLQ_SUFFIX) ? "dlq" : topic.equals(Topics.COLLECTOR_WATERMARKS) ? "single" : "main"));
    }

    @Test
    void inTheLocalOverlayTheJobTheCollectorAndTheStrategyCreateTopicsAlike() {
        Manifests local = Kustomize.render("overlays/local");
        Map<String, String> job = local.configMap("krr-topics-config").orElseThrow().getData();
        Map<String, String> collector = local.configMap("krr-collector-config").orElseThrow().getData();
        Map<String, String> strategy = local.configMap("krr-strategy-config").orElseThrow().getData();

        // the strategy creates every topic, DLQs included, with one partition count
        assertThat(List.of(job.get("KRR_DLQ_PARTITIONS"), collector.get("KRR_COLLECTOR_TOPICS_PARTITIONS"),
                strategy.get("KRR_STRATEGY_TOPICS_PARTITIONS"))).containsOnly(job.get("KRR_TOPIC_PARTITIONS"));
        assertThat(strategy.get("KRR_STRATEGY_TOPICS_REPLICATION_FACTOR")).isEqualTo(job.get("KRR_TOPIC_REPLICATION_FACTOR"));
    }

    private static Map<String, Map<String, String>> configsByTopicName(List<GenericKubernetesResource> topics) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        for (GenericKubernetesResource topic : topics) {
            Map<String, Object> config = topic.get("spec", "config");
            Map<String, String> asStrings = new TreeMap<>();
            config.forEach((k, v) -> asStrings.put(k, String.valueOf(v)));
            byName.put(topic.get("spec", "topicName"), asStrings);
        }
        return byName;
    }
}
