package dev.krr.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the real {@code kubectl kustomize} and parses the output with
 * fabric8's model (kinds fabric8 does not know, such as Strimzi's, come back as
 * {@code GenericKubernetesResource}). kubectl is found through {@code $KUBECTL}, then the
 * {@code PATH}, then {@code /usr/bin/kubectl}; without it the tests fail, they never skip.
 */
final class Kustomize {

    /** The {@code deploy/} directory: surefire runs with the module directory as working directory. */
    static final Path DEPLOY_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final Path REPO_DIR = DEPLOY_DIR.getParent();

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Kustomize() {
    }

    /** Renders {@code deploy/<relativeDir>}, e.g. {@code overlays/local}. */
    static Manifests render(String relativeDir) {
        return render(DEPLOY_DIR.resolve(relativeDir));
    }

    static Manifests render(Path dir) {
        String yaml = run(List.of(kubectl().toString(), "kustomize", dir.toString()));
        return new Manifests(dir.getFileName().toString(), parse(yaml));
    }

    static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> items = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            for (Object item : list) {
                items.add((HasMetadata) item);
            }
        } else if (parsed != null) {
            items.add((HasMetadata) parsed);
        }
        return items;
    }

    static Path kubectl() {
        String fromEnv = System.getenv("KUBECTL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path path = Path.of(fromEnv);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new IllegalStateException("KUBECTL=" + fromEnv + " is not an executable file");
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String entry : pathVariable.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && Files.isExecutable(Path.of(entry, "kubectl"))) {
                return Path.of(entry, "kubectl");
            }
        }
        Path usual = Path.of("/usr/bin/kubectl");
        if (Files.isExecutable(usual)) {
            return usual;
        }
        throw new IllegalStateException("kubectl not found (looked at $KUBECTL, every PATH entry and /usr/bin/kubectl): "
                + "the deploy tests render every overlay with `kubectl kustomize`; install kubectl or set KUBECTL");
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readQuietly(process.getErrorStream()));
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ":\n" + stderr.join());
            }
            return stdout;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String readQuietly(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }
}
