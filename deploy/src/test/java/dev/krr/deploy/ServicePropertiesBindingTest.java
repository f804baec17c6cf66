package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.collector.config.CollectorProperties;
import dev.krr.notifier.config.NotifierProperties;
import dev.krr.notifier.config.WebhookProperties;
import dev.krr.pricing.config.PricingProperties;
import dev.krr.strategy.config.StrategyProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every {@code KRR_*} variable an overlay gives a service binds to a property of that service's
 * own {@code @ConfigurationProperties} record, and the values pass the record's checks. Spring
 * ignores an unknown variable silently; here it fails the build with its name.
 */
class ServicePropertiesBindingTest {

    /** A properties record; variables starting with {@code excludedVariablePrefix} belong to another record. */
    private record Target(String prefix, Class<?> type, String excludedVariablePrefix) {
    }

    private static final Map<String, List<Target>> TARGETS = Map.of(
            "Deployment/krr-collector", List.of(new Target("krr.collector", CollectorProperties.class, null)),
            "Deployment/krr-pricing", List.of(new Target("krr.pricing", PricingProperties.class, null)),
            "StatefulSet/krr-strategy", List.of(new Target("krr.strategy", StrategyProperties.class, null)),
            "Deployment/krr-notifier", List.of(
                    new Target("krr.notifier", NotifierProperties.class, "KRR_NOTIFIER_WEBHOOKS_"),
                    new Target("krr.notifier.webhooks", WebhookProperties.class, null)));

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#all")
    void everyKrrVariableBindsToARealPropertyWithAValidValue(String overlay) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);

        manifests.podSpecs().forEach((name, pod) -> {
            List<Target> targets = TARGETS.get(name);
            if (targets == null) {
                return;
            }
            Map<String, Object> environment = environment(manifests, pod.getContainers().get(0));
            for (Target target : targets) {
                assertThatCode(() -> bindStrictly(environment, target)).as(overlay + " " + name + " " + target.prefix()).doesNotThrowAnyException();
            }
        });
    }

    @Test
    void aMisspeltVariableIsCaught() {
        Map<String, Object> environment = Map.of("KRR_COLLECTOR_CLUSTER_ID", "prod-eu-1", "KRR_COLLECTOR_PROMETHEUS_ADDRESS", "http://x:9090");

        assertThatThrownBy(() -> bindStrictly(environment, TARGETS.get("Deployment/krr-collector").get(0)))
                .hasMessageContaining("KRR_COLLECTOR_PROMETHEUS_ADDRESS is not a property of CollectorProperties");
    }

    @Test
    void aBadValueIsCaughtByTheServicesOwnCheck() {
        Map<String, Object> environment = Map.of("KRR_COLLECTOR_CLUSTER_ID", "prod-eu-1", "KRR_COLLECTOR_USAGE_SOURCE", "promethus");

        assertThatThrownBy(() -> bindStrictly(environment, TARGETS.get("Deployment/krr-collector").get(0)))
                .hasStackTraceContaining("krr.collector.usage.source 'promethus' is not one of");
    }

    @Test
    void localOverlayValuesReachTheRecords() {
        Manifests manifests = Kustomize.render("overlays/local");
        Map<String, Object> collectorEnv = environment(manifests, manifests.podSpecs().get("Deployment/krr-collector").getContainers().get(0));
        Map<String, Object> strategyEnv = environment(manifests, manifests.podSpecs().get("StatefulSet/krr-strategy").getContainers().get(0));

        CollectorProperties collector = binder(collectorEnv).bindOrCreate("krr.collector", CollectorProperties.class);
        StrategyProperties strategy = binder(strategyEnv).bindOrCreate("krr.strategy", StrategyProperties.class);

        assertThat(collector.clusterId()).isEqualTo("local");
        assertThat(collector.usage().source()).isEqualTo("metrics-api");
        assertThat(collector.topics().partitions()).isEqualTo(3);
        assertThat(strategy.pricing().address()).isEqualTo("krr-pricing:9090");
        assertThat(strategy.effectiveStateDir()).isEqualTo("/var/lib/krr/strategy");
        assertThat(strategy.topics().replicationFactor()).isEqualTo((short) 1);
        assertThat(strategy.streams().instanceId()).isEqualTo("pod-metadata-name");
    }

    @Test
    void collectorsCarryDistinctValidClusterIds() {
        Map<String, String> clusterIds = new HashMap<>();
        for (String overlay : Overlays.withCollector().toList()) {
            Manifests manifests = Kustomize.render("overlays/" + overlay);
            clusterIds.put(overlay, manifests.configMap("krr-collector-config").orElseThrow().getData().get("KRR_COLLECTOR_CLUSTER_ID"));
        }

        assertThat(clusterIds.values()).doesNotContainNull().doesNotHaveDuplicates();
    }

    /**
     * Fails unless every variable of the target's prefix names a property of its record (Spring's
     * own unbound-element check cannot tell {@code cluster.id} from {@code cluster-id} in
     * environment variables), then binds the values with Spring's binder, so the record's own
     * checks run on them.
     */
    private static void bindStrictly(Map<String, Object> environment, Target target) {
        String variablePrefix = target.prefix().toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "") + "_";
        Map<String, Object> own = new HashMap<>(environment);
        if (target.excludedVariablePrefix() != null) {
            own.keySet().removeIf(key -> key.startsWith(target.excludedVariablePrefix()));
        }
        for (String variable : own.keySet()) {
            if (variable.startsWith(variablePrefix)) {
                List<String> tokens = List.of(variable.substring(variablePrefix.length()).split("_"));
                if (!names(target.type(), tokens)) {
                    throw new IllegalStateException(variable + " is not a property of " + target.type().getSimpleName()
                            + " (" + target.prefix() + ".*)");
                }
            }
        }
        binder(own).bindOrCreate(target.prefix(), Bindable.of(target.type()));
    }

    /** Whether {@code tokens} (an environment variable's words) name a property inside {@code type}. */
    private static boolean names(Type type, List<String> tokens) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (tokens.isEmpty()) {
            return !raw.isRecord();
        }
        if (Map.class.isAssignableFrom(raw)) {
            return true;
        }
        if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            return tokens.get(0).matches("\\d+") && names(element, tokens.subList(1, tokens.size()));
        }
        if (!raw.isRecord()) {
            return false;
        }
        for (RecordComponent component : raw.getRecordComponents()) {
            List<String> words = List.of(component.getName().split("(?=[A-Z])"));
            int n = words.size();
            if (tokens.size() >= n && String.join("", tokens.subList(0, n)).equalsIgnoreCase(String.join("", words))
                    && names(component.getGenericType(), tokens.subList(n, tokens.size()))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> environment(Manifests manifests, Container container) {
        Map<String, Object> env = new HashMap<>(manifests.literalEnvironment(container));
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                Secret secret = manifests.ofType(Secret.class).stream()
                        .filter(s -> s.getMetadata().getName().equals(var.getValueFrom().getSecretKeyRef().getName())).findFirst().orElseThrow();
                env.put(var.getName(), secret.getStringData().get(var.getValueFrom().getSecretKeyRef().getKey()));
            } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
                // downward API: the kubelet fills in e.g. the pod name; a stand-in checks the name binds
                env.put(var.getName(), "pod-" + var.getValueFrom().getFieldRef().getFieldPath().replace('.', '-'));
            }
        }
        return env;
    }

    private static Binder binder(Map<String, Object> env) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        return new Binder(ConfigurationPropertySources.from(sources));
    }
}
