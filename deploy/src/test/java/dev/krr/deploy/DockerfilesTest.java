package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plain Dockerfiles (no Docker here, so they are checked, not built) agree with the modules
 * that produce their jar and with the pods that run them: same user, same ports, same image name.
 */
class DockerfilesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "collector-service, Deployment/krr-collector",
            "pricing-service, Deployment/krr-pricing",
            "strategy-service, StatefulSet/krr-strategy",
            "notifier-service, Deployment/krr-notifier"})
    void dockerfileMatchesItsModuleAndItsPod(String module, String workload) throws IOException {
        Path dockerfile = Kustomize.DEPLOY_DIR.resolve("docker/" + module + "/Dockerfile");
        List<String> lines = Files.readAllLines(dockerfile);
        String text = String.join("\n", lines);
        PodSpec pod = Kustomize.render("overlays/local").podSpecs().get(workload);
        Container container = pod.getContainers().get(0);

        assertThat(lines.stream().filter(l -> l.startsWith("FROM ")))
                .isNotEmpty().allSatisfy(from -> assertThat(from).startsWith("FROM eclipse-temurin:17-jre"));
        assertThat(text).contains("COPY " + module + "-*-exec.jar app.jar");
        assertThat(Files.readString(Kustomize.REPO_DIR.resolve(module + "/pom.xml")))
                .as(module + " builds the exec jar the Dockerfile copies").contains("<classifier>exec</classifier>");
        assertThat(text).contains("docker build -f deploy/docker/" + module + "/Dockerfile -t " + container.getImage() + " " + module + "/target");

        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow().substring(5).trim();
        assertThat(user).isEqualTo(pod.getSecurityContext().getRunAsUser() + ":" + pod.getSecurityContext().getRunAsGroup());

        Set<Integer> exposed = lines.stream().filter(l -> l.startsWith("EXPOSE "))
                .flatMap(l -> Arrays.stream(l.substring(7).trim().split("\\s+"))).map(Integer::valueOf).collect(Collectors.toSet());
        assertThat(exposed).isEqualTo(container.getPorts().stream().map(ContainerPort::getContainerPort).collect(Collectors.toSet()));

        String entrypoint = lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        assertThat(entrypoint).contains("org.springframework.boot.loader.launch.JarLauncher");
        assertThat(container.getImage()).isEqualTo("krr/" + module + ":0.1.0");
    }
}
