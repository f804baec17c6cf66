package dev.krr.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) for a test or a benchmark, on a free
 * loopback port with a fresh data directory, its history backfilled beforehand with
 * {@code promtool tsdb create-blocks-from openmetrics --max-block-duration=168h} from samples the
 * caller writes (so the caller knows the true answers). Closing it stops the process.
 *
 * <p>{@link #assumeInstalled()} skips a test with a clear message where Prometheus is not
 * installed; CI installs it.
 */
public final class PrometheusTestServer implements AutoCloseable {

    public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    /** Writes OpenMetrics sample lines ({@code name{labels} value timestampSeconds}); "# EOF" is appended. */
    @FunctionalInterface
    public interface SampleWriter {
        void write(Writer out) throws IOException;
    }

    private final Process process;
    private final int port;
    private final Path dir;

    private PrometheusTestServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** True when both {@code prometheus} and {@code promtool} are installed. */
    public static boolean installed() {
        return Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
    }

    /** Skips the calling test (JUnit assumption) when Prometheus is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), "Prometheus is not installed at " + PROMETHEUS + " (apt-get install prometheus): "
                + "tests against a real Prometheus are skipped");
    }

    /**
     * Backfills {@code samples} into a new TSDB under {@code dir} and starts Prometheus on it.
     * Blocks until {@code /-/ready} answers 200.
     */
    public static PrometheusTestServer start(Path dir, SampleWriter samples) {
        assumeInstalled();
        try {
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            Path om = dir.resolve("samples.om");
            try (Writer w = Files.newBufferedWriter(om, StandardCharsets.UTF_8)) {
                samples.write(w);
                w.write("# EOF\n");
            }
            Process promtool = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics",
                    "--max-block-duration=168h", om.toString(), data.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("promtool.log").toFile()).start();
            if (!promtool.waitFor(60, TimeUnit.MINUTES) || promtool.exitValue() != 0) {
                throw new IllegalStateException("promtool backfill failed: " + Files.readString(dir.resolve("promtool.log")));
            }
            Files.delete(om);
            return launch(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts Prometheus on a directory already backfilled by {@link #start} (its {@code data} folder), e.g. to rerun a benchmark. */
    public static PrometheusTestServer open(Path dir) {
        assumeInstalled();
        return launch(dir);
    }

    /**
     * Stops this Prometheus and starts a fresh process on the same data (cold caches, peak memory
     * counted from zero), e.g. between two benchmark phases.
     */
    public PrometheusTestServer restart() {
        close();
        return launch(dir);
    }

    private static PrometheusTestServer launch(Path dir) {
        try {
            Path data = dir.resolve("data");
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1h\n");
            int port = FreePorts.next();
            Process p = new ProcessBuilder(List.of(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            PrometheusTestServer server = new PrometheusTestServer(p, port, dir);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("Prometheus on port " + port + " ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    /** Base URL, e.g. {@code http://127.0.0.1:39123}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** CPU seconds (user + system) the Prometheus process has used so far, from {@code /proc/<pid>/stat}. */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks / 100.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Peak resident memory of the Prometheus process in bytes ({@code VmHWM}). */
    public long peakRssBytes() {
        return statusKb("VmHWM:") * 1024;
    }

    /** Current resident memory in bytes ({@code VmRSS}). */
    public long rssBytes() {
        return statusKb("VmRSS:") * 1024;
    }

    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resets the peak-RSS counter ({@code VmHWM}) by writing 5 to {@code /proc/<pid>/clear_refs}; false if not allowed. */
    public boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/" + process.pid() + "/clear_refs"), "5");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
