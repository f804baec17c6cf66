package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The environment each Kafka client pod gets (ConfigMaps, literal env, Secret references) is
 * bound through Spring Boot's own {@link KafkaProperties}, exactly as the services bind it, and
 * the resulting Kafka client configs are checked: a misspelt variable would silently vanish.
 */
class KafkaClientSettingsTest {

    private static final List<String> KAFKA_CLIENTS = List.of("Deployment/krr-collector", "StatefulSet/krr-strategy", "Deployment/krr-notifier");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#all")
    void everyKafkaClientHasBootstrapServersAndInTheLocalOverlayTheyAreTheRenderedBroker(String overlay) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);

        clients(manifests).forEach((name, container) -> {
            Map<String, Object> producer = kafkaProperties(manifests, container).buildProducerProperties();
            assertThat(producer.get("bootstrap.servers")).as(name).asString().isNotBlank();
            if (overlay.equals("local")) {
                assertThat(producer.get("bootstrap.servers")).as(name).isEqualTo(List.of("krr-kafka:9092"));
                assertThat(servicePorts(manifests, "krr-kafka")).contains(9092);
            }
        });
    }

    @Test
    void secureOverlayClientsUseSaslSslWithScramAndTheClusterCa() {
        Manifests manifests = Kustomize.render("overlays/secure");
        Map<String, Container> clients = clients(manifests);

        assertThat(clients).containsOnlyKeys(KAFKA_CLIENTS);
        clients.forEach((name, container) -> {
            KafkaProperties kafka = kafkaProperties(manifests, container);
            List<Map<String, Object>> configs = name.equals("StatefulSet/krr-strategy")
                    ? List.of(kafka.buildStreamsProperties(), kafka.buildProducerProperties(), kafka.buildConsumerProperties())
                    : List.of(kafka.buildProducerProperties(), kafka.buildConsumerProperties());
            String user = name.substring(name.indexOf('/') + 1);
            for (Map<String, Object> config : configs) {
                assertThat(config).as(name)
                        .containsEntry("security.protocol", "SASL_SSL")
                        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                        .containsEntry("ssl.truststore.type", "PEM")
                        .containsEntry("ssl.truststore.location", "/etc/krr/kafka-ca/ca.crt");
                assertThat((String) config.get("sasl.jaas.config")).as(name)
                        .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
                        .contains("username=\"" + user + "\"");
            }
            assertThat(mountedSecretKey(manifests, name, container, "/etc/krr/kafka-ca", "ca.crt")).as(name + " CA mount")
                    .isEqualTo("krr-cluster-ca-cert");
        });
    }

    @Test
    void strategyReachesPricingThroughTheRenderedGrpcServicePort() {
        for (String overlay : List.of("local", "central", "secure")) {
            Manifests manifests = Kustomize.render("overlays/" + overlay);
            Container strategy = clients(manifests).get("StatefulSet/krr-strategy");
            String address = manifests.literalEnvironment(strategy).get("KRR_STRATEGY_PRICING_ADDRESS");

            assertThat(address).as(overlay).isEqualTo("krr-pricing:9090");
            assertThat(servicePorts(manifests, "krr-pricing")).as(overlay).contains(9090);
        }
    }

    private static Map<String, Container> clients(Manifests manifests) {
        Map<String, Container> clients = new HashMap<>();
        manifests.podSpecs().forEach((name, pod) -> {
            if (KAFKA_CLIENTS.contains(name)) {
                clients.put(name, pod.getContainers().get(0));
            }
        });
        return clients;
    }

    /** Binds the container's environment the way Spring Boot binds real environment variables. */
    private static KafkaProperties kafkaProperties(Manifests manifests, Container container) {
        Map<String, Object> env = new HashMap<>(manifests.literalEnvironment(container));
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                Secret secret = secret(manifests, var.getValueFrom().getSecretKeyRef().getName());
                env.put(var.getName(), secretData(secret).get(var.getValueFrom().getSecretKeyRef().getKey()));
            }
        }
        MutablePropertySources sources = new MutablePropertySources();
        // the name matters: only a source named like the real one gets environment-variable name mapping
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("spring.kafka", KafkaProperties.class);
    }

    private static String mountedSecretKey(Manifests manifests, String podName, Container container, String mountPath, String key) {
        PodSpec pod = manifests.podSpecs().get(podName);
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(mountPath)).findFirst()
                .orElseThrow(() -> new AssertionError(podName + " mounts nothing at " + mountPath));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getSecret()).as(podName + " " + mountPath + " comes from a Secret").isNotNull();
        assertThat(volume.getSecret().getItems()).anySatisfy(item -> assertThat(item.getKey()).isEqualTo(key));
        assertThat(secretData(secret(manifests, volume.getSecret().getSecretName()))).containsKey(key);
        return volume.getSecret().getSecretName();
    }

    private static Secret secret(Manifests manifests, String name) {
        return manifests.ofType(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Secret " + name + " rendered"));
    }

    private static Map<String, String> secretData(Secret secret) {
        Map<String, String> data = new HashMap<>();
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return data;
    }

    private static List<Integer> servicePorts(Manifests manifests, String serviceName) {
        return manifests.ofType(Service.class).stream().filter(s -> s.getMetadata().getName().equals(serviceName))
                .flatMap(s -> s.getSpec().getPorts().stream()).map(ServicePort::getPort).toList();
    }
}
