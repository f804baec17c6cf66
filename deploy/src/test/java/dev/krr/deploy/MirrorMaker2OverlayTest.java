package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The edge variant: collector to a local Kafka, MirrorMaker 2 copies its topics to the central one. */
class MirrorMaker2OverlayTest {

    private final Manifests manifests = Kustomize.render("overlays/mirrormaker2");

    @Test
    void mirrorsExactlyTheTopicsTheCentralServicesReadFromCollectors() {
        Map<String, Object> mirror = mirror();
        Pattern pattern = Pattern.compile((String) mirror.get("topicsPattern"));

        List<String> mirrored = TopicsManifestTest.allTopicNames().stream().filter(t -> pattern.matcher(t).matches()).toList();

        // the watermark topic is the collector's own bookkeeping and stays at the edge
        assertThat(mirrored).containsExactlyInAnyOrder(Topics.WORKLOADS, Topics.NODES, Topics.USAGE);
    }

    @Test
    void keepsTopicNamesAndSkipsAbortedTransactions() {
        Map<String, Object> connector = sourceConnectorConfig();

        assertThat(connector).containsEntry("replication.policy.class",
                "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
        // the collector writes usage and watermarks in transactions: aborted batches must not be copied
        assertThat(connector).containsEntry("consumer.isolation.level", "read_committed");
    }

    @Test
    void connectClusterIsTheTargetAndTheEdgeIsTheSource() {
        GenericKubernetesResource mm2 = manifests.generic("KafkaMirrorMaker2").get(0);
        Map<String, Object> mirror = mirror();

        assertThat((String) mm2.get("spec", "connectCluster")).isEqualTo(mirror.get("targetCluster")).isEqualTo("central");
        assertThat(mirror.get("sourceCluster")).isEqualTo("edge");
    }

    @Test
    void collectorWritesToTheEdgeKafkaThatOwnsTheEdgeTopics() {
        ConfigMap config = manifests.configMap("krr-collector-config").orElseThrow();
        GenericKubernetesResource mm2 = manifests.generic("KafkaMirrorMaker2").get(0);
        List<Map<String, Object>> clusters = mm2.get("spec", "clusters");
        Map<String, Object> edge = clusters.stream().filter(c -> "edge".equals(c.get("alias"))).findFirst().orElseThrow();

        assertThat(config.getData()).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", (String) edge.get("bootstrapServers"));
        assertThat(manifests.generic("KafkaTopic")).allSatisfy(topic ->
                assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "krr-edge"));
    }

    @Test
    void centralConnectionSecretsAreRenderedAsMarkedPlaceholders() {
        GenericKubernetesResource mm2 = manifests.generic("KafkaMirrorMaker2").get(0);
        List<Map<String, Object>> clusters = mm2.get("spec", "clusters");
        @SuppressWarnings("unchecked")
        Map<String, Object> central = clusters.stream().filter(c -> "central".equals(c.get("alias"))).findFirst().orElseThrow();
        String caSecret = (String) ((List<Map<String, Object>>) ((Map<String, Object>) central.get("tls")).get("trustedCertificates"))
                .get(0).get("secretName");
        String passwordSecret = (String) ((Map<String, Object>) ((Map<String, Object>) central.get("authentication"))
                .get("passwordSecret")).get("secretName");

        for (String name : List.of(caSecret, passwordSecret)) {
            Secret secret = manifests.ofType(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("Secret " + name + " is not rendered"));
            assertThat(secret.getStringData().values()).isNotEmpty().allSatisfy(v -> assertThat(v).contains("REPLACE_ME_"));
        }
    }

    private Map<String, Object> mirror() {
        GenericKubernetesResource mm2 = manifests.generic("KafkaMirrorMaker2").get(0);
        List<Map<String, Object>> mirrors = mm2.get("spec", "mirrors");
        assertThat(mirrors).hasSize(1);
        return mirrors.get(0);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> sourceConnectorConfig() {
        return (Map<String, Object>) ((Map<String, Object>) mirror().get("sourceConnector")).get("config");
    }
}
