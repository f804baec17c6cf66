package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod krr renders, in every overlay, meets the "restricted" Pod Security Standard and
 * more: non-root, read-only root filesystem with an emptyDir for /tmp, no privilege escalation,
 * all capabilities dropped, RuntimeDefault seccomp, requests and a memory limit; long-running
 * pods have startup, liveness and readiness probes, the krr services on their actuator groups.
 */
class WorkloadHardeningTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#all")
    void podsRunAsNonRootWithRuntimeDefaultSeccomp(String overlay) {
        Map<String, PodSpec> pods = Kustomize.render("overlays/" + overlay).podSpecs();

        assertThat(pods).isNotEmpty();
        pods.forEach((name, pod) -> {
            assertThat(pod.getSecurityContext()).as(name).isNotNull();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name + " runAsUser (numeric, so the kubelet can verify non-root)")
                    .isNotNull().isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name + " seccomp").isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).as(name + " hostNetwork").isNotEqualTo(Boolean.TRUE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#all")
    void containersHaveAReadOnlyRootNoEscalationNoCapabilitiesAndAWritableTmp(String overlay) {
        Map<String, PodSpec> pods = Kustomize.render("overlays/" + overlay).podSpecs();

        pods.forEach((name, pod) -> {
            assertThat(pod.getInitContainers()).as(name + " init containers").isEmpty();
            for (Container container : pod.getContainers()) {
                String where = name + " container " + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertThat(security).as(where).isNotNull();
                assertThat(security.getReadOnlyRootFilesystem()).as(where + " readOnlyRootFilesystem").isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(where + " allowPrivilegeEscalation").isFalse();
                assertThat(security.getPrivileged()).as(where + " privileged").isNotEqualTo(Boolean.TRUE);
                assertThat(security.getCapabilities().getDrop()).as(where + " capabilities.drop").containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(where + " capabilities.add").isEmpty();

                VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                        .orElseThrow(() -> new AssertionError(where + " has no /tmp mount"));
                Optional<Volume> volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst();
                assertThat(volume).as(where + " /tmp volume").hasValueSatisfying(v -> assertThat(v.getEmptyDir()).isNotNull());
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#all")
    void containersRequestCpuAndMemoryAndCapMemory(String overlay) {
        Map<String, PodSpec> pods = Kustomize.render("overlays/" + overlay).podSpecs();

        pods.forEach((name, pod) -> {
            for (Container container : pod.getContainers()) {
                String where = name + " container " + container.getName();
                Map<String, Quantity> requests = container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources().getLimits();
                assertThat(requests).as(where + " requests").containsKeys("cpu", "memory");
                assertThat(limits).as(where + " limits").containsKey("memory");
                assertThat(Quantity.getAmountInBytes(limits.get("memory")))
                        .as(where + " memory limit >= request")
                        .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#all")
    void longRunningContainersHaveStartupLivenessAndReadinessProbes(String overlay) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);

        manifests.podSpecs().forEach((name, pod) -> {
            if (name.startsWith("Job/")) {
                return;
            }
            for (Container container : pod.getContainers()) {
                String where = name + " container " + container.getName();
                assertThat(container.getStartupProbe()).as(where + " startupProbe").isNotNull();
                assertThat(container.getLivenessProbe()).as(where + " livenessProbe").isNotNull();
                assertThat(container.getReadinessProbe()).as(where + " readinessProbe").isNotNull();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.krr.deploy.Overlays#all")
    void krrServicesProbeTheirActuatorHealthGroupsOnTheirHttpPort(String overlay) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);

        manifests.podSpecs().forEach((name, pod) -> {
            for (Container container : pod.getContainers()) {
                if (!container.getImage().startsWith("krr/")) {
                    continue;
                }
                String where = name + " container " + container.getName();
                assertThat(httpPath(container.getLivenessProbe())).as(where + " liveness").isEqualTo("/actuator/health/liveness");
                assertThat(httpPath(container.getStartupProbe())).as(where + " startup").isEqualTo("/actuator/health/liveness");
                assertThat(httpPath(container.getReadinessProbe())).as(where + " readiness").isEqualTo("/actuator/health/readiness");
                int httpPort = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                        .orElseThrow(() -> new AssertionError(where + " has no port named http")).getContainerPort();
                assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
                assertThat(manifests.literalEnvironment(container)).as(where + " SERVER_PORT matches the http port")
                        .containsEntry("SERVER_PORT", String.valueOf(httpPort));
            }
        });
    }

    private static String httpPath(Probe probe) {
        return probe == null || probe.getHttpGet() == null ? null : probe.getHttpGet().getPath();
    }
}
