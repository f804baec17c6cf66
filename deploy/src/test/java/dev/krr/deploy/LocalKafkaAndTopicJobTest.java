package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.krr.contracts.Topics;
import dev.krr.contracts.Topics.TopicSpec;
import dev.krr.testsupport.FreePorts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local overlay's Kafka and its topic Job, run for real: the broker properties and the
 * storage-format command of {@code base/kafka-dev} start a real KRaft broker (Kafka 4.1.2 from
 * Maven, in a child JVM), and {@code base/topics-job/create-topics.sh} runs with {@code sh}
 * against it through the same kafka-topics / kafka-configs tool classes the apache/kafka image
 * wraps. Only host paths and ports differ from the pod.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalKafkaAndTopicJobTest {

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);

    private Path work;
    private Process broker;
    private String bootstrap;

    @BeforeAll
    void startTheLocalOverlayBroker(@TempDir Path dir) throws Exception {
        work = dir;
        Manifests local = Kustomize.render("overlays/local");
        ConfigMap config = local.configMap("krr-kafka-config").orElseThrow();
        StatefulSet kafka = local.ofType(StatefulSet.class).stream().filter(s -> s.getMetadata().getName().equals("krr-kafka"))
                .findFirst().orElseThrow();
        String clusterId = kafka.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("CLUSTER_ID")).findFirst().orElseThrow().getValue();
        String podCommand = String.join(" ", kafka.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
        assertThat(podCommand).contains("kafka-storage.sh format --ignore-formatted")
                .contains("--cluster-id \"$CLUSTER_ID\" --config /etc/krr/kafka/server.properties");

        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        bootstrap = "localhost:" + port;
        String properties = config.getData().get("server.properties")
                .replace("/var/lib/kafka/data", work.resolve("data").toString())
                .replace("PLAINTEXT://krr-kafka:9092", "PLAINTEXT://" + bootstrap)
                .replace(":9093", ":" + controllerPort)
                .replace("PLAINTEXT://:9092", "PLAINTEXT://localhost:" + port)
                .replace("CONTROLLER://:", "CONTROLLER://localhost:");
        Path serverProperties = Files.writeString(work.resolve("server.properties"), properties);

        // the pod formats on every start: the second format must be a no-op, not a failure
        for (int i = 0; i < 2; i++) {
            runJava("kafka.tools.StorageTool", work.resolve("format-" + i + ".log"),
                    "format", "--ignore-formatted", "--cluster-id", clusterId, "--config", serverProperties.toString());
        }
        broker = javaProcess("kafka.Kafka", work.resolve("broker.log"), serverProperties.toString()).start();
        try (Admin admin = admin()) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == 1);
        }
    }

    @AfterAll
    void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void topicJobCreatesEveryContractTopicAndRepairsDriftedConfigs() throws Exception {
        try (Admin admin = admin()) {
            // an operator created usage by hand with the wrong policy: the Job keeps it and fixes its configs
            admin.createTopics(List.of(new NewTopic(Topics.USAGE, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact", "retention.ms", "1000")))).all().get(30, TimeUnit.SECONDS);
        }
        Path bin = toolWrappers();

        ProcessBuilder job = new ProcessBuilder("sh", Kustomize.DEPLOY_DIR.resolve("base/topics-job/create-topics.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("job.log").toFile());
        job.environment().putAll(Map.of(
                "KAFKA_BIN", bin.toString(),
                "KRR_TOPICS_FILE", Kustomize.DEPLOY_DIR.resolve("base/topics-job/topics.txt").toString(),
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "KRR_TOPIC_PARTITIONS", "3",
                "KRR_DLQ_PARTITIONS", "1",
                "KRR_TOPIC_REPLICATION_FACTOR", "1"));
        Process process = job.start();
        assertThat(process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("job finished").isTrue();
        assertThat(process.exitValue()).as("job exit code; output:\n" + Files.readString(work.resolve("job.log"))).isZero();

        try (Admin admin = admin()) {
            Set<String> names = Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet());
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);

            for (TopicSpec spec : Topics.all()) {
                int expectedPartitions = spec.name().equals(Topics.USAGE) ? 1 // pre-existing: partitions are never changed
                        : spec.name().endsWith(Topics.DLQ_SUFFIX) || spec.name().equals(Topics.COLLECTOR_WATERMARKS) ? 1 : 3;
                assertThat(topics.get(spec.name()).partitions()).as(spec.name() + " partitions").hasSize(expectedPartitions);
                Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.configs().forEach((key, value) ->
                        assertThat(actual.get(key).value()).as(spec.name() + " " + key).isEqualTo(value));
            }
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        return Admin.create(props);
    }

    /** kafka-topics.sh and kafka-configs.sh as the apache/kafka image has them: the same main classes. */
    private Path toolWrappers() throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        writeWrapper(bin.resolve("kafka-topics.sh"), "org.apache.kafka.tools.TopicCommand");
        writeWrapper(bin.resolve("kafka-configs.sh"), "kafka.admin.ConfigCommand");
        return bin;
    }

    private void writeWrapper(Path script, String mainClass) throws IOException {
        String body = "#!/bin/sh\nexec '" + javaExecutable() + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp '"
                + System.getProperty("java.class.path") + "' " + mainClass + " \"$@\"\n";
        Files.writeString(script, body, StandardCharsets.UTF_8);
        assertThat(script.toFile().setExecutable(true)).isTrue();
    }

    private void runJava(String mainClass, Path log, String... args) throws Exception {
        Process process = javaProcess(mainClass, log, args).start();
        assertThat(process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(mainClass + " finished").isTrue();
        assertThat(process.exitValue()).as(mainClass + " exit code; output:\n" + Files.readString(log)).isZero();
    }

    private ProcessBuilder javaProcess(String mainClass, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-XX:+UseSerialGC", "-Xmx512m",
                "-Djava.io.tmpdir=" + work, "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
