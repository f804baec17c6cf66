package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The collector can read exactly what it watches, and nothing can write. */
class CollectorRbacTest {

    /** apiGroup/resource pairs the collector's informers and usage readers need. */
    private static final Set<String> WATCHED = Set.of(
            "/pods", "/nodes", "/nodes/metrics",
            "apps/deployments", "apps/statefulsets", "apps/daemonsets", "apps/replicasets",
            "batch/jobs", "batch/cronjobs",
            "autoscaling/horizontalpodautoscalers",
            "argoproj.io/rollouts",
            "metrics.k8s.io/pods");

    @Test
    void theShippedOverlaysWithACollectorAreChecked() {
        assertThat(Overlays.withCollector()).containsAll(List.of("local", "cluster-example", "mirrormaker2", "secure"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#withCollector")
    void clusterRoleGrantsOnlyReadVerbsOnExactlyTheWatchedResources(String overlay) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);
        ClusterRole role = manifests.ofType(ClusterRole.class).stream().filter(r -> r.getMetadata().getName().equals("krr-collector"))
                .findFirst().orElseThrow();

        Set<String> granted = new HashSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getVerbs()).as("verbs of " + rule).isSubsetOf("get", "list", "watch").isNotEmpty();
            assertThat(rule.getResourceNames()).as("resourceNames of " + rule).isEmpty();
            assertThat(rule.getNonResourceURLs()).as("nonResourceURLs of " + rule).isEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    assertThat(group + "/" + resource).doesNotContain("*");
                    granted.add(group + "/" + resource);
                }
            }
        }
        assertThat(granted).isEqualTo(WATCHED);
        assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("nodes/metrics")).singleElement()
                .satisfies(r -> assertThat(r.getVerbs()).containsExactly("get"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#withCollector")
    void onlyTheCollectorServiceAccountIsBoundAndNoOtherRolesExist(String overlay) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);
        Deployment collector = manifests.ofType(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("krr-collector")).findFirst().orElseThrow();
        ClusterRoleBinding binding = manifests.ofType(ClusterRoleBinding.class).get(0);

        assertThat(manifests.ofType(ClusterRoleBinding.class)).hasSize(1);
        assertThat(manifests.ofType(Role.class)).isEmpty();
        assertThat(manifests.ofType(RoleBinding.class)).isEmpty();
        assertThat(binding.getRoleRef().getName()).isEqualTo("krr-collector");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(collector.getSpec().getTemplate().getSpec().getServiceAccountName());
            assertThat(subject.getNamespace()).isEqualTo(collector.getMetadata().getNamespace());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#withCollector")
    void onlyTheCollectorMountsAnApiToken(String overlay) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);

        manifests.podSpecs().forEach((name, pod) -> {
            if (!name.equals("Deployment/krr-collector")) {
                assertThat(pod.getAutomountServiceAccountToken()).as(name + " automountServiceAccountToken").isFalse();
            }
        });
    }
}
