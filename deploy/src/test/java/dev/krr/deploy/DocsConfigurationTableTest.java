package dev.krr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The table "Configuration the manifests set" in docs/deploy.md says what the bases really set. */
class DocsConfigurationTableTest {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*([^|]*?)\\s*\\|\\s*`([A-Z_]+)`\\s*\\|\\s*`([^`]*)`\\s*\\|.*$");

    @Test
    void everyRowMatchesTheBaseConfigMaps() throws Exception {
        Map<String, Map<String, String>> configMaps = new HashMap<>();
        for (String base : List.of("base/collector", "base/central")) {
            for (ConfigMap cm : Kustomize.render(base).ofType(ConfigMap.class)) {
                configMaps.put(Manifests.baseName(cm), cm.getData());
            }
        }
        List<String> checked = new ArrayList<>();
        String current = null;
        for (String line : Files.readAllLines(Kustomize.REPO_DIR.resolve("docs/deploy.md"))) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String first = row.group(1).trim();
            if (!first.isEmpty()) {
                current = first.replace("`", "");
            }
            List<String> targets = current.equals("all services") ? List.copyOf(configMaps.keySet()) : List.of(current);
            for (String target : targets) {
                assertThat(configMaps).as("ConfigMap named in the docs").containsKey(target);
                assertThat(configMaps.get(target)).as(target).containsEntry(row.group(2), row.group(3));
                checked.add(target + "/" + row.group(2));
            }
        }
        assertThat(checked).as("rows checked").hasSizeGreaterThanOrEqualTo(10);
    }
}
