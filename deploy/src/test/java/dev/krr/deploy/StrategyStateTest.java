package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The strategy's Kafka Streams state lives on the replica's own PersistentVolumeClaim. */
class StrategyStateTest {

    static Stream<String> overlaysWithTheStrategy() {
        return Stream.of("local", "central", "secure");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlaysWithTheStrategy")
    void stateDirectoryIsTheMountOfAVolumeClaimTemplate(String overlay) {
        Manifests manifests = Kustomize.render("overlays/" + overlay);
        StatefulSet strategy = manifests.ofType(StatefulSet.class).stream()
                .filter(s -> s.getMetadata().getName().equals("krr-strategy")).findFirst().orElseThrow();
        Container container = strategy.getSpec().getTemplate().getSpec().getContainers().get(0);
        String stateDir = manifests.literalEnvironment(container).get("KRR_STRATEGY_STATE_DIR");

        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(stateDir)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at the state dir " + stateDir));
        assertThat(strategy.getSpec().getVolumeClaimTemplates()).anySatisfy(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo(mount.getName());
            assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        });
        assertThat(strategy.getSpec().getTemplate().getSpec().getVolumes()).noneMatch(v -> v.getName().equals(mount.getName()));
        assertThat(strategy.getSpec().getServiceName()).isEqualTo("krr-strategy-headless");
    }
}
