package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The secure overlay: secrets only from Secrets, clearly marked placeholders, pricing gRPC fenced and mutual TLS. */
class SecureOverlayTest {

    private final Manifests manifests = Kustomize.render("overlays/secure");

    @Test
    void webhookUrlAndSigningSecretComeFromASecret() {
        Container notifier = manifests.podSpecs().get("Deployment/krr-notifier").getContainers().get(0);
        Map<String, EnvVar> env = notifier.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));

        for (String name : List.of("KRR_NOTIFIER_WEBHOOKS_SUBSCRIPTIONS_0_URL", "KRR_NOTIFIER_WEBHOOKS_SUBSCRIPTIONS_0_SECRET")) {
            assertThat(env).containsKey(name);
            assertThat(env.get(name).getValue()).as(name + " literal").isNull();
            assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).isEqualTo("krr-notifier-webhooks");
        }
        assertThat(manifests.literalEnvironment(notifier)).containsEntry("KRR_NOTIFIER_WEBHOOKS_SUBSCRIPTIONS_0_ID", "finops");
    }

    @Test
    void noConfigMapCarriesACredentialAndEverySecretValueIsAMarkedPlaceholder() {
        for (ConfigMap configMap : manifests.ofType(ConfigMap.class)) {
            assertThat(configMap.getData()).as(configMap.getMetadata().getName())
                    .allSatisfy((key, value) -> assertThat(key + "=" + value).doesNotContainIgnoringCase("password")
                            .doesNotContainIgnoringCase("jaas").doesNotContainIgnoringCase("secret"));
        }
        List<Secret> secrets = manifests.ofType(Secret.class);
        assertThat(secrets).isNotEmpty();
        for (Secret secret : secrets) {
            assertThat(secret.getData()).as(secret.getMetadata().getName() + " data").isNullOrEmpty();
            assertThat(secret.getStringData()).as(secret.getMetadata().getName()).isNotEmpty()
                    .allSatisfy((key, value) -> assertThat(value).as(key).contains("REPLACE_ME_"));
        }
    }

    @Test
    void pricingGrpcAdmitsOnlyTheStrategy() {
        NetworkPolicy policy = manifests.ofType(NetworkPolicy.class).get(0);
        Map<String, String> strategyLabels = manifests.ofType(io.fabric8.kubernetes.api.model.apps.StatefulSet.class).stream()
                .filter(s -> s.getMetadata().getName().equals("krr-strategy")).findFirst().orElseThrow()
                .getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> pricingLabels = manifests.ofType(io.fabric8.kubernetes.api.model.apps.Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("krr-pricing")).findFirst().orElseThrow()
                .getSpec().getTemplate().getMetadata().getLabels();

        assertThat(pricingLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        NetworkPolicyIngressRule grpcRule = policy.getSpec().getIngress().stream()
                .filter(rule -> rule.getPorts().stream().anyMatch(p -> "grpc".equals(p.getPort().getStrVal())))
                .findFirst().orElseThrow();
        assertThat(grpcRule.getFrom()).singleElement()
                .satisfies(peer -> assertThat(strategyLabels).containsAllEntriesOf(peer.getPodSelector().getMatchLabels()));
        assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getPorts())
                .noneMatch(p -> "grpc".equals(p.getPort().getStrVal()) && rule.getFrom().isEmpty()));
    }

    @Test
    void pricingServesMutualTlsFromItsMountedSecret() {
        Container pricing = container("Deployment/krr-pricing");
        Map<String, String> env = manifests.literalEnvironment(pricing);

        assertThat(env).containsEntry("KRR_PRICING_GRPC_TLS_ENABLED", "true").containsEntry("KRR_PRICING_GRPC_TLS_CLIENT_AUTH", "require");
        assertMountedFromSecret("Deployment/krr-pricing", "krr-pricing-grpc-tls", env.get("KRR_PRICING_GRPC_TLS_CERTIFICATE_CHAIN"),
                env.get("KRR_PRICING_GRPC_TLS_PRIVATE_KEY"), env.get("KRR_PRICING_GRPC_TLS_CLIENT_CA"));
        // the gRPC port is TLS now: no Service may still announce cleartext HTTP/2 on it
        Service service = manifests.ofType(Service.class).stream().filter(s -> s.getMetadata().getName().equals("krr-pricing"))
                .findFirst().orElseThrow();
        assertThat(service.getSpec().getPorts()).filteredOn(p -> p.getName().equals("grpc")).singleElement()
                .satisfies(p -> assertThat(p.getAppProtocol()).isNull());
    }

    @Test
    void strategyCallsPricingWithTlsAndItsClientCertificate() {
        Map<String, String> env = manifests.literalEnvironment(container("StatefulSet/krr-strategy"));

        assertThat(env).containsEntry("KRR_STRATEGY_PRICING_TLS_ENABLED", "true");
        assertMountedFromSecret("StatefulSet/krr-strategy", "krr-strategy-grpc-tls", env.get("KRR_STRATEGY_PRICING_TLS_CA_CERTIFICATE"),
                env.get("KRR_STRATEGY_PRICING_TLS_CERTIFICATE_CHAIN"), env.get("KRR_STRATEGY_PRICING_TLS_PRIVATE_KEY"));
    }

    @Test
    void certManagerComponentIssuesTheSameSecretsAndDropsThePlaceholders() throws Exception {
        // a user's copy of the secure overlay with the optional component, rendered from inside deploy/
        Path dir = Kustomize.DEPLOY_DIR.resolve("target/secure-with-cert-manager");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: krr
                resources:
                  - ../../overlays/secure
                components:
                  - ../../components/grpc-tls-cert-manager
                """);
        Manifests withCertManager = Kustomize.render(dir);

        assertThat(withCertManager.ofType(Secret.class)).extracting(s -> s.getMetadata().getName())
                .doesNotContain("krr-pricing-grpc-tls", "krr-strategy-grpc-tls");
        Map<String, GenericKubernetesResource> certificates = withCertManager.generic("Certificate").stream()
                .collect(Collectors.toMap(c -> (String) c.get("spec", "secretName"), c -> c));
        assertThat(certificates).containsKeys("krr-pricing-grpc-tls", "krr-strategy-grpc-tls", "krr-grpc-ca");
        for (String secret : List.of("krr-pricing-grpc-tls", "krr-strategy-grpc-tls")) {
            // grpc-java reads PKCS#8 keys only; both leaves come from the one krr CA, so each side's ca.crt trusts the other
            assertThat((String) certificates.get(secret).get("spec", "privateKey", "encoding")).as(secret).isEqualTo("PKCS8");
            assertThat((String) certificates.get(secret).get("spec", "issuerRef", "name")).as(secret).isEqualTo("krr-grpc-ca");
        }
        String pricingHost = manifests.literalEnvironment(container("StatefulSet/krr-strategy"))
                .get("KRR_STRATEGY_PRICING_ADDRESS").split(":")[0];
        List<String> dnsNames = certificates.get("krr-pricing-grpc-tls").get("spec", "dnsNames");
        assertThat(dnsNames).as("the name the strategy dials is in the server certificate").contains(pricingHost);
        assertThat(withCertManager.generic("Issuer")).extracting(i -> i.getMetadata().getName())
                .containsExactlyInAnyOrder("krr-grpc-selfsigned", "krr-grpc-ca");
    }

    private Container container(String workload) {
        return manifests.podSpecs().get(workload).getContainers().get(0);
    }

    /** Every file lies in a directory mount (no subPath, so rotation reaches the pod) of {@code secret}, whose keys exist. */
    private void assertMountedFromSecret(String workload, String secretName, String... files) {
        PodSpec pod = manifests.podSpecs().get(workload);
        Volume volume = pod.getVolumes().stream().filter(v -> v.getSecret() != null && secretName.equals(v.getSecret().getSecretName()))
                .findFirst().orElseThrow(() -> new AssertionError(workload + " mounts no volume of Secret " + secretName));
        VolumeMount mount = pod.getContainers().get(0).getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
                .findFirst().orElseThrow();
        assertThat(mount.getSubPath()).as("subPath mounts never see a rotated Secret").isNull();
        assertThat(mount.getReadOnly()).isTrue();
        Secret secret = manifests.ofType(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(secretName)).findFirst()
                .orElseThrow();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        for (String file : files) {
            assertThat(file).as(workload + " TLS file").startsWith(mount.getMountPath() + "/");
            assertThat(secret.getStringData()).as(secretName).containsKey(file.substring(mount.getMountPath().length() + 1));
        }
    }
}
