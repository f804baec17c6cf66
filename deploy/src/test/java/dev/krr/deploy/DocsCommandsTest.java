package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The offline commands of docs/deploy.md and docs/operations.md work as written: every bash
 * block made only of {@code kubectl kustomize}, {@code cp} and {@code sed} commands runs with
 * {@code bash -eo pipefail} in a copy of the repository's {@code deploy/} directory (so the
 * per-cluster copy the docs describe is made there, not in the working tree).
 */
class DocsCommandsTest {

    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Set<String> OFFLINE_COMMANDS = Set.of("kubectl", "cp", "sed");
    private static final Set<String> PIPE_FILTERS = Set.of("grep", "sort", "uniq", "head");
    private static final Set<String> SKIPPED_DIRS = Set.of("src", "target");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"docs/deploy.md", "docs/operations.md"})
    void offlineCommandBlocksRunAsWritten(String doc, @TempDir Path repo) throws Exception {
        copyDeployDirectory(repo.resolve("deploy"));
        List<String> blocks = offlineBlocks(Files.readString(Kustomize.REPO_DIR.resolve(doc)));
        if (doc.endsWith("deploy.md")) {
            assertThat(blocks).as("offline blocks found in " + doc).hasSizeGreaterThanOrEqualTo(4);
        }

        for (String block : blocks) {
            Path log = repo.resolve("block.log");
            Process process = new ProcessBuilder("bash", "-eo", "pipefail", "-c", block)
                    .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(block).isTrue();
            assertThat(process.exitValue()).as("block:\n" + block + "\noutput:\n" + Files.readString(log)).isZero();
        }
    }

    /** Blocks in which every command (continuation lines joined) is kubectl kustomize, cp or sed. */
    static List<String> offlineBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = BASH_BLOCK.matcher(markdown);
        while (matcher.find()) {
            String block = matcher.group(1);
            List<String> commands = List.of(block.replace("\\\n", " ").split("\\n"));
            boolean offline = commands.stream().filter(c -> !c.isBlank()).allMatch(command -> {
                String[] parts = command.split("\\|");
                for (int i = 0; i < parts.length; i++) {
                    String word = parts[i].trim().split("\\s+")[0];
                    boolean pipeFilter = i > 0 && PIPE_FILTERS.contains(word);
                    if (!OFFLINE_COMMANDS.contains(word) && !pipeFilter) {
                        return false;
                    }
                }
                return !command.trim().startsWith("kubectl ") || command.trim().startsWith("kubectl kustomize ");
            });
            if (offline) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static void copyDeployDirectory(Path target) throws IOException {
        Path source = Kustomize.DEPLOY_DIR;
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path relative = source.relativize(path);
                if (relative.getNameCount() > 0 && SKIPPED_DIRS.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path destination = target.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
