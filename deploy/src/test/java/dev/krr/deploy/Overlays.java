package dev.krr.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The overlays the tests render: the ones shipped in the repository, and every directory under
 * {@code deploy/overlays/} (so a per-cluster copy made as docs/deploy.md describes is held to
 * the same hardening, RBAC and property checks).
 */
final class Overlays {

    static final List<String> SHIPPED = List.of("local", "cluster-example", "central", "mirrormaker2", "secure");

    private Overlays() {
    }

    static Stream<String> all() {
        try (Stream<Path> dirs = Files.list(Kustomize.DEPLOY_DIR.resolve("overlays"))) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<String> withCollector() {
        return all().filter(overlay -> Kustomize.render("overlays/" + overlay).podSpecs().containsKey("Deployment/krr-collector"));
    }
}
