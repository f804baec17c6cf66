package dev.krr.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rule templates under deploy/prometheus are valid for Prometheus ({@code promtool
 * check rules}), behave as their unit tests say ({@code promtool test rules}), and the
 * PrometheusRule carries exactly the groups of the plain rules file.
 */
class AlertRulesTest {

    static final Path DIR = Path.of("..", "deploy", "prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void plainRulesPassPromtoolCheckAndUnitTests() throws Exception {
        assumeThat(Files.isExecutable(PROMTOOL)).as("ASSUMPTION: Debian's promtool is installed (CI installs it)").isTrue();
        assertThat(run(DIR, "check", "rules", "krr-rules.yml")).contains("SUCCESS: 6 rules found");
        assertThat(run(DIR, "test", "rules", "krr-rules.test.yml")).contains("SUCCESS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusRuleHasTheSameGroupsAndPassesPromtool(@TempDir Path tmp) throws Exception {
        Map<String, Object> plain = new Yaml().load(Files.readString(DIR.resolve("krr-rules.yml")));
        Map<String, Object> resource = new Yaml().load(Files.readString(DIR.resolve("krr-prometheusrule.yaml")));
        assertThat(resource).containsEntry("apiVersion", "monitoring.coreos.com/v1").containsEntry("kind", "PrometheusRule");
        Map<String, Object> spec = (Map<String, Object>) resource.get("spec");
        assertThat(spec.get("groups")).isEqualTo(plain.get("groups"));
        assertThat((List<Object>) plain.get("groups")).hasSize(3);

        assumeThat(Files.isExecutable(PROMTOOL)).as("ASSUMPTION: Debian's promtool is installed (CI installs it)").isTrue();
        Path extracted = tmp.resolve("from-prometheusrule.yml");
        Files.writeString(extracted, new Yaml().dump(spec));
        assertThat(run(tmp, "check", "rules", extracted.getFileName().toString())).contains("SUCCESS: 6 rules found");
    }

    private static String run(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = PROMTOOL.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
