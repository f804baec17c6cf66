package dev.krr.collector.benchmark;

import com.google.protobuf.CodedOutputStream;
import dev.krr.collector.adapter.out.prometheus.PrometheusClient;
import dev.krr.collector.adapter.out.prometheus.PrometheusUsageSource;
import dev.krr.collector.app.ClusterView;
import dev.krr.testsupport.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The follow phase as it runs in production: the minutes the collector follows are in
 * Prometheus' in-memory head, not in a persisted block. A fresh Prometheus with the remote-write
 * receiver enabled gets {@code minutes + 30} minutes of the benchmark's samples (same series as
 * {@link CollectorVsKrrBenchmark}) written into its head, then the collector follows the last
 * {@code minutes} minutes one read per follow interval; Prometheus CPU-seconds from /proc.
 *
 * <p>Arguments: {@code pods minutes} (default 300 60); {@code -Dapi=query}, {@code -DfollowInterval=15}
 * as for {@link CollectorVsKrrBenchmark}.
 */
public final class FollowFromHeadBenchmark {

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int scrape = 30;
        Path dir = Files.createTempDirectory("krr-follow-head");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\n");
        int port = FreePorts.next();
        Process p = new ProcessBuilder(List.of("/usr/bin/prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver", "--log.level=warn"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String url = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        try {
            awaitReady(http, url);
            Instant end = CollectorVsKrrBenchmark.END;
            Instant start = end.minus(Duration.ofMinutes(minutes + 30));
            long t0 = System.nanoTime();
            // the benchmark's samples, one remote-write request per scrape
            CollectorVsKrrBenchmark.write((t, lines) -> write(http, url, lines), pods, start, scrape);
            System.out.printf("wrote %d min of %d pods into the head in %.0f s%n", minutes + 30, pods, (System.nanoTime() - t0) / 1e9);
            Thread.sleep(2000);
            ClusterView cluster = CollectorVsKrrBenchmark.cluster(pods);
            PrometheusClient client = CollectorVsKrrBenchmark.client(url);
            PrometheusUsageSource source = new PrometheusUsageSource(client, cluster, Duration.ofSeconds(60),
                    CollectorVsKrrBenchmark.chunk(), null, null, 0, CollectorVsKrrBenchmark.maxContainers(), CollectorVsKrrBenchmark.api());
            int interval = CollectorVsKrrBenchmark.followInterval();
            double cpu0 = cpuSeconds(p.pid());
            long w0 = System.nanoTime();
            for (int i = minutes; i > 0; i -= interval) {
                Instant to = end.minus(Duration.ofMinutes(i - interval));
                source.read(to.minus(Duration.ofMinutes(interval)), to, Duration.ofHours(1));
            }
            double wall = (System.nanoTime() - w0) / 1e9;
            double cpu = cpuSeconds(p.pid()) - cpu0;
            double idle0 = cpuSeconds(p.pid());
            Thread.sleep((long) (wall * 1000));
            double idle = cpuSeconds(p.pid()) - idle0;
            double day = Math.max(0, cpu - idle) * 1440.0 / minutes;
            System.out.printf("follow from the head (%s), %d pods, %d reads of %d min: %d requests, %.1f s wall, Prometheus %.2f CPU-s "
                    + "(idle %.2f), a day = %.2f CPU-s%n", CollectorVsKrrBenchmark.api(), pods, minutes / interval, interval,
                    client.queriesSent(), wall, cpu, idle, day);
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static void awaitReady(HttpClient http, String url) throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Prometheus not ready");
    }

    /** One scrape's OpenMetrics lines as a snappy (literal) remote-write {@code WriteRequest}. */
    static void write(HttpClient http, String url, String lines) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(req);
        for (String line : lines.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int brace = line.indexOf('{');
            int close = line.indexOf('}');
            String[] valueAndTime = line.substring(close + 2).split(" ");
            ByteArrayOutputStream ts = new ByteArrayOutputStream();
            CodedOutputStream t = CodedOutputStream.newInstance(ts);
            t.writeByteArray(1, label("__name__", line.substring(0, brace)));
            for (String pair : line.substring(brace + 1, close).split(",")) {
                int eq = pair.indexOf('=');
                t.writeByteArray(1, label(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1)));
            }
            ByteArrayOutputStream sample = new ByteArrayOutputStream();
            CodedOutputStream s = CodedOutputStream.newInstance(sample);
            s.writeDouble(1, Double.parseDouble(valueAndTime[0]));
            s.writeInt64(2, Long.parseLong(valueAndTime[1]) * 1000);
            s.flush();
            t.writeByteArray(2, sample.toByteArray());
            t.flush();
            out.writeByteArray(1, ts.toByteArray());
        }
        out.flush();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/write"))
                    .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(snappyLiteral(req.toByteArray()))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException("remote write answered " + r.statusCode() + ": " + r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static byte[] label(String name, String value) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(b);
        o.writeString(1, name);
        o.writeString(2, value);
        o.flush();
        return b.toByteArray();
    }

    /** Snappy block format, the whole input as one literal (the same encoding the collector's remote-read request uses). */
    private static byte[] snappyLiteral(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
        long n = in.length;
        while (n >= 0x80) {
            out.write((int) (n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write((int) n);
        int len = in.length - 1;
        out.write(63 << 2);
        for (int i = 0; i < 4; i++) {
            out.write((len >>> (8 * i)) & 0xff);
        }
        out.write(in, 0, in.length);
        return out.toByteArray();
    }

    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
}
