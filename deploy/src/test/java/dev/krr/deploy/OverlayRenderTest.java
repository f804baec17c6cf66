package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each overlay renders with kubectl kustomize and yields exactly the resources it promises. */
class OverlayRenderTest {

    private static final Set<String> COLLECTOR = Set.of(
            "ServiceAccount/krr-collector", "ClusterRole/krr-collector", "ClusterRoleBinding/krr-collector",
            "ConfigMap/krr-collector-config", "Deployment/krr-collector");
    private static final Set<String> CENTRAL = Set.of(
            "ConfigMap/krr-pricing-config", "Deployment/krr-pricing", "Service/krr-pricing", "PodDisruptionBudget/krr-pricing",
            "ConfigMap/krr-strategy-config", "StatefulSet/krr-strategy", "Service/krr-strategy-headless", "PodDisruptionBudget/krr-strategy",
            "ConfigMap/krr-notifier-config", "Deployment/krr-notifier", "Service/krr-notifier", "PodDisruptionBudget/krr-notifier");
    private static final Set<String> DEV_KAFKA = Set.of(
            "ConfigMap/krr-kafka-config", "StatefulSet/krr-kafka", "Service/krr-kafka");
    private static final Set<String> TOPICS_JOB = Set.of(
            "ConfigMap/krr-topics-config", "ConfigMap/krr-topics-script", "Job/krr-topics");
    private static final Set<String> NAMESPACE = Set.of("Namespace/krr");
    private static final Set<String> CRDS = Set.of(
            "CustomResourceDefinition/resourcerecommendations.krr.dev", "CustomResourceDefinition/recommendationreports.krr.dev");
    private static final Set<String> ALERT_RULES = Set.of("PrometheusRule/krr-rules");

    static Stream<Arguments> overlays() {
        return Stream.of(
                Arguments.of("local", union(NAMESPACE, DEV_KAFKA, TOPICS_JOB, CENTRAL, COLLECTOR, CRDS)),
                Arguments.of("cluster-example", union(NAMESPACE, COLLECTOR, CRDS)),
                Arguments.of("central", union(NAMESPACE, CENTRAL, CRDS, ALERT_RULES, kafkaTopics(TopicsManifestTest.allTopicNames()))),
                Arguments.of("mirrormaker2", union(NAMESPACE, COLLECTOR, CRDS,
                        kafkaTopics(TopicsManifestTest.collectorTopicNames()),
                        Set.of("KafkaMirrorMaker2/krr-edge-to-central",
                                "Secret/krr-central-cluster-ca-cert", "Secret/krr-central-mirror-credentials"))),
                Arguments.of("secure", union(NAMESPACE, CENTRAL, COLLECTOR, CRDS, ALERT_RULES,
                        kafkaTopics(TopicsManifestTest.allTopicNames()),
                        Set.of("ConfigMap/krr-kafka-client-config", "Secret/krr-pricing-grpc-tls", "Secret/krr-strategy-grpc-tls",
                                "Secret/krr-cluster-ca-cert", "Secret/krr-collector", "Secret/krr-strategy", "Secret/krr-notifier",
                                "Secret/krr-notifier-webhooks", "NetworkPolicy/krr-pricing"))));
    }

    @Test
    void everyShippedOverlayHasItsExpectedResourcesListedHere() {
        assertThat(overlays().map(a -> (String) a.get()[0])).containsExactlyInAnyOrderElementsOf(Overlays.SHIPPED);
        assertThat(Overlays.all()).containsAll(Overlays.SHIPPED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void rendersExactlyTheExpectedResources(String overlay, Set<String> expected) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);

        assertThat(manifests.kindsAndNames()).isEqualTo(new TreeSet<>(expected));
        assertThat(manifests.items()).as("no resource is rendered twice").hasSameSizeAs(manifests.kindsAndNames());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#all")
    void everyNamespacedResourceLandsInTheKrrNamespace(String overlay) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);
        Set<String> clusterScoped = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");

        for (HasMetadata item : manifests.items()) {
            if (!clusterScoped.contains(item.getKind())) {
                assertThat(item.getMetadata().getNamespace()).as(item.getKind() + "/" + item.getMetadata().getName()).isEqualTo("krr");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#all")
    void everyReferencedConfigMapAndSecretIsRenderedUnderItsGeneratedName(String overlay) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);
        Set<String> configMaps = manifests.ofType(ConfigMap.class).stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> secrets = manifests.ofType(Secret.class).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());

        for (Map.Entry<String, PodSpec> pod : manifests.podSpecs().entrySet()) {
            Set<String> referencedConfigMaps = new HashSet<>();
            Set<String> referencedSecrets = new HashSet<>();
            for (Volume volume : pod.getValue().getVolumes()) {
                if (volume.getConfigMap() != null) {
                    referencedConfigMaps.add(volume.getConfigMap().getName());
                }
                if (volume.getSecret() != null) {
                    referencedSecrets.add(volume.getSecret().getSecretName());
                }
            }
            for (Container container : pod.getValue().getContainers()) {
                container.getEnvFrom().stream().filter(e -> e.getConfigMapRef() != null)
                        .forEach(e -> referencedConfigMaps.add(e.getConfigMapRef().getName()));
                container.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .forEach(e -> referencedSecrets.add(e.getValueFrom().getSecretKeyRef().getName()));
            }
            assertThat(configMaps).as(pod.getKey() + " ConfigMaps").containsAll(referencedConfigMaps);
            assertThat(secrets).as(pod.getKey() + " Secrets").containsAll(referencedSecrets);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void imagesAreRegistryNeutralAndPinned(String overlay, Set<String> ignored) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);

        for (Container container : manifests.containers()) {
            String image = container.getImage();
            assertThat(image).as(container.getName()).matches("(krr/[a-z-]+-service:0\\.1\\.0|apache/kafka:4\\.1\\.2)");
            String firstSegment = image.substring(0, image.indexOf('/'));
            assertThat(firstSegment).as("no registry host in " + image).doesNotContain(".").doesNotContain(":");
        }
    }

    static Set<String> kafkaTopics(List<String> names) {
        return names.stream().map(n -> "KafkaTopic/" + n).collect(Collectors.toSet());
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }
}
