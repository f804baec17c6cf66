package dev.krr.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.backtest.report.CsvReportWriter;
import dev.krr.backtest.report.SlackOomPlot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole command on three real Bitbrains VMs: VM 1 (a regular month), VM 44 (starts with
 * 1,266 rows of 0 cores) and VM 340 (the one VM whose live rows repeat timestamps: 6,343 of them). The traces come
 * from {@code -Dkrr.traces.dir} (the pom sets it to {@code ../../shared/data/traces}, where CI
 * checks the shared data out beside the repository).
 */
class BacktestCommandTest {

    @TempDir
    Path dir;

    static Path tracesDir() {
        String configured = System.getProperty("krr.traces.dir", "../../shared/data/traces");
        Path p = Paths.get(configured).resolve("bitbrains-rnd-2013-7");
        assertThat(p).as("real traces (set -Dkrr.traces.dir)").isDirectory();
        return p;
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BacktestCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void backtestsThreeRealVmsEndToEnd() throws Exception {
        Path traces = Files.createDirectory(dir.resolve("traces"));
        for (String vm : List.of("1", "44", "340")) {
            Files.copy(tracesDir().resolve(vm + ".csv.gz"), traces.resolve(vm + ".csv.gz"));
        }
        Path out = dir.resolve("out");

        Run r = run("--traces", traces.toString(), "--out", out.toString(), "--threads", "2");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 files, 3 series");
        // VM 44 starts with rows of a VM that is not running, VM 340 repeats timestamps
        assertThat(r.out()).containsPattern("input: \\d+ rows, 0 bad rows skipped, [1-9]\\d* rows without provisioned CPU skipped, "
                + "[1-9]\\d* repeated timestamps merged");
        for (String s : List.of("current", "simple", "simple-limit", "vpa", "cost-aware")) {
            assertThat(r.out()).contains("| " + s + " ");
        }
        List<String> perSeries = Files.readAllLines(out.resolve(CsvReportWriter.PER_SERIES));
        // header + 3 series × 5 strategies
        assertThat(perSeries).hasSize(1 + 15);
        assertThat(perSeries.get(0)).startsWith("strategy,series,periods_scored");
        // VM 1 spans 30 days: first boundary 2013-07-02, so 29 scored days for every strategy
        assertThat(perSeries).filteredOn(l -> l.startsWith("simple,1,")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("simple,1,29,"));
        List<String> aggregate = Files.readAllLines(out.resolve(CsvReportWriter.AGGREGATE));
        // 7 per-series metrics and 4 fleet figures per strategy
        assertThat(aggregate).contains("current,coverage,3,1.00000,,,")
                .hasSize(1 + 5 * 11);
        Path svg = out.resolve(SlackOomPlot.FILE);
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile())
                .getElementsByTagName("circle").getLength()).isEqualTo(10);
    }

    @Test
    void badInputStopsWithOneReadableLine() throws Exception {
        Path csv = dir.resolve("mine.csv");
        Files.writeString(csv, "timestamp,series,cpu_cores,memory_bytes\n1714521600,a,half,1\n");
        Run bad = run("--traces", csv.toString(), "--out", dir.resolve("o").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("krr-backtest: " + csv + ":2: column 'cpu_cores' is not a number: 'half'");

        Run skipped = run("--traces", csv.toString(), "--out", dir.resolve("o").toString(), "--on-bad-row", "skip");
        assertThat(skipped.exit()).isZero();
        assertThat(skipped.out()).contains("1 bad rows skipped").contains("skipped " + csv + ":2:");

        Path corrupt = dir.resolve("9.csv.gz");
        Files.writeString(corrupt, "not gzip at all");
        Run unreadable = run("--traces", corrupt.toString(), "--out", dir.resolve("o").toString());
        assertThat(unreadable.exit()).isEqualTo(2);
        assertThat(unreadable.err()).startsWith("krr-backtest: " + corrupt + ": cannot be read: java.util.zip.ZipException");

        Run period = run("--traces", csv.toString(), "--period", "soon");
        assertThat(period.exit()).isEqualTo(2);
        assertThat(period.err()).contains("--period must be a duration such as 1d, 12h, 30m or PT6H, was 'soon'");
    }
}
