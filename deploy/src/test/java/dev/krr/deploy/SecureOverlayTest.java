package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The secure overlay: secrets only from Secrets, clearly marked placeholders, pricing gRPC fenced. */
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
}
