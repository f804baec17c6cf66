package dev.krr.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The parsed output of one {@code kubectl kustomize}, with the look-ups the tests share. */
record Manifests(String name, List<HasMetadata> items) {

    /** kustomize appends a 10-character content hash to generated ConfigMap and Secret names. */
    private static final Pattern GENERATED_HASH = Pattern.compile("-[a-z0-9]{10}$");

    <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> generic(String kind) {
        return ofType(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    /** {@code Kind/name} of every item, generated names without their hash suffix. */
    Set<String> kindsAndNames() {
        Set<String> result = new TreeSet<>();
        for (HasMetadata item : items) {
            result.add(item.getKind() + "/" + baseName(item));
        }
        return result;
    }

    static String baseName(HasMetadata item) {
        String name = item.getMetadata().getName();
        if (item.getKind().equals("ConfigMap") || item.getKind().equals("Secret")) {
            return GENERATED_HASH.matcher(name).replaceFirst("");
        }
        return name;
    }

    Optional<ConfigMap> configMap(String baseName) {
        return ofType(ConfigMap.class).stream().filter(c -> baseName(c).equals(baseName)).findFirst();
    }

    /** Every pod template (Deployments, StatefulSets, Jobs) by {@code Kind/name}. */
    Map<String, PodSpec> podSpecs() {
        Map<String, PodSpec> specs = new LinkedHashMap<>();
        ofType(Deployment.class).forEach(d -> specs.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        ofType(StatefulSet.class).forEach(s -> specs.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
        ofType(Job.class).forEach(j -> specs.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate().getSpec()));
        return specs;
    }

    /** The environment a container sees from its ConfigMaps (envFrom) and its own env values. */
    Map<String, String> literalEnvironment(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnvFrom().stream()
                .filter(source -> source.getConfigMapRef() != null)
                .forEach(source -> items.stream()
                        .filter(item -> item instanceof ConfigMap && item.getMetadata().getName().equals(source.getConfigMapRef().getName()))
                        .map(ConfigMap.class::cast)
                        .findFirst()
                        .ifPresent(cm -> env.putAll(cm.getData())));
        container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    List<Container> containers() {
        List<Container> all = new ArrayList<>();
        podSpecs().values().forEach(spec -> all.addAll(spec.getContainers()));
        return all;
    }
}
