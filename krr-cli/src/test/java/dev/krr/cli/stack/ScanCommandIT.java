package dev.krr.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.cli.KrrCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code krr scan --demo}: the one-shot KRR-style run through the whole pipeline waits for the
 * backfill and for every discovered workload's recommendation, writes the report and exits 0.
 */
class ScanCommandIT {

    @Test
    void scanOfTheDemoClusterReportsEveryWorkloadAndExits(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        StringWriter err = new StringWriter();
        CommandLine cli = KrrCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute("scan", "--demo", "--cluster-id", "scan-it", "-f", "json", "-o", report.toString(),
                "--settle", "PT3S", "--timeout", "PT8M");

        assertThat(rc).as(err.toString()).isZero();
        // not a terminal here: progress comes as plain lines per 10 %
        assertThat(err.toString()).contains("krr: backfill 100%", "krr: recommendations 100%");
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(report));
        JsonNode items = json.has("items") ? json.path("items") : json;
        assertThat(items.size()).isGreaterThanOrEqualTo(10);
        for (JsonNode item : items) {
            assertThat(item.path("cluster").asText()).isEqualTo("scan-it");
        }
    }
}
