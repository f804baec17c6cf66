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
    void strimziV1TheCentralClusterIsTheTargetAndTheEdgeIsTheSource() {
        GenericKubernetesResource mm2 = manifests.generic("KafkaMirrorMaker2").get(0);

        // Strimzi 1.0 serves only kafka.strimzi.io/v1, whose MirrorMaker 2 has spec.target and mirrors[].source
        assertThat(mm2.getApiVersion()).isEqualTo("kafka.strimzi.io/v1");
        assertThat((Object) mm2.get("spec", "clusters")).isNull();
        assertThat((Object) mm2.get("spec", "connectCluster")).isNull();
        assertThat((String) mm2.get("spec", "target", "alias")).isEqualTo("central");
        for (String required : List.of("groupId", "configStorageTopic", "offsetStorageTopic", "statusStorageTopic")) {
            assertThat((String) mm2.get("spec", "target", required)).as(required).isNotBlank();
        }
        assertThat(source().get("alias")).isEqualTo("edge");
        assertThat((Object) mm2.get("spec", "resources")).as("resources belong to the spec, not to a mirror").isNotNull();
    }

    @Test
    void collectorWritesToTheEdgeKafkaThatOwnsTheEdgeTopics() {
        ConfigMap config = manifests.configMap("krr-collector-config").orElseThrow();

        assertThat(config.getData()).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", (String) source().get("bootstrapServers"));
        assertThat(manifests.generic("KafkaTopic")).allSatisfy(topic -> {
            assertThat(topic.getApiVersion()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "krr-edge");
        });
    }

    @Test
    void centralConnectionSecretsAreRenderedAsMarkedPlaceholders() {
        GenericKubernetesResource mm2 = manifests.generic("KafkaMirrorMaker2").get(0);
        Map<String, Object> central = mm2.get("spec", "target");
        @SuppressWarnings("unchecked")
        String caSecret = (String) ((List<Map<String, Object>>) ((Map<String, Object>) central.get("tls")).get("trustedCertificates"))
                .get(0).get("secretName");
        @SuppressWarnings("unchecked")
        String passwordSecret = (String) ((Map<String, Object>) ((Map<String, Object>) central.get("authentication"))
                .get("passwordSecret")).get("secretName");

        for (String name : List.of(caSecret, passwordSecret)) {
            Secret secret = manifests.ofType(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("Secret " + name + " is not rendered"));
            assertThat(secret.getStringData().values()).isNotEmpty().allSatisfy(v -> assertThat(v).contains("REPLACE_ME_"));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> source() {
        return (Map<String, Object>) mirror().get("source");
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
