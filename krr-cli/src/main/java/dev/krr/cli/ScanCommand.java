package dev.krr.cli;

import dev.krr.cli.config.ConfigKey;
import dev.krr.cli.config.KrrConfig;
import dev.krr.cli.output.NotifierClient;
import dev.krr.cli.output.Progress;
import dev.krr.cli.stack.LocalFiles;
import dev.krr.cli.stack.LocalStack;
import dev.krr.cli.stack.StackOptions;
import dev.krr.contracts.Keys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code krr scan}: KRR's one-shot run through krr's own pipeline. It starts the local stack
 * against a cluster (a kubeconfig context and Prometheus, or {@code --demo}), waits for the
 * collector's backfill (with progress) and for every discovered workload to have a
 * recommendation that has stopped changing, prints them in the chosen format and exits.
 * Exit code 0 with results, 1 when the scan failed or timed out.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "One-shot scan of a cluster through the full pipeline; prints recommendations and exits (KRR parity).")
final class ScanCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--demo", description = "Scan the built-in demo cluster instead of a real one.")
    boolean demo;

    @Option(names = "--context", description = "kubeconfig context of the cluster.")
    String kubeContext;

    @Option(names = "--master-url", description = "API server URL of the cluster (instead of a context).")
    String masterUrl;

    @Option(names = "--prometheus-url", description = "Prometheus-compatible URL for usage.")
    String prometheusUrl;

    @Option(names = "--cluster-id", description = "Cluster id (default: the context name, or demo).")
    String clusterId;

    @Option(names = {"-f", "--format"}, description = "table, json, yaml, csv, html, manifests or crd (default: output.format, table).")
    String format;

    @Mixin
    ReportCommand.FilterOptions filters;

    @Option(names = {"-o", "--output-file"}, description = "Write the result to this file instead of standard output.")
    Path outputFile;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "Give up after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--settle", defaultValue = "PT10S", description = "Recommendations must be unchanged this long before printing (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = {"-q", "--quiet"}, description = "No progress output (errors still go to standard error).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Log what the services do (INFO for all of krr).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.CLUSTER_CONTEXT, kubeContext);
        flags.put(ConfigKey.CLUSTER_MASTER_URL, masterUrl);
        flags.put(ConfigKey.PROMETHEUS_URL, prometheusUrl);
        flags.put(ConfigKey.CLUSTER_ID, clusterId);
        flags.put(ConfigKey.OUTPUT_FORMAT, format);
        KrrConfig cfg = config.resolve(flags);
        String context = cfg.get(ConfigKey.CLUSTER_CONTEXT).orElse(null);
        String master = cfg.get(ConfigKey.CLUSTER_MASTER_URL).orElse(null);
        if (!demo && context == null && master == null) {
            throw new IllegalArgumentException("krr scan needs --context (or --master-url) and --prometheus-url, or --demo");
        }
        String cluster = Keys.requireValidClusterId(cfg.get(ConfigKey.CLUSTER_ID)
                .orElse(demo ? "demo" : context != null ? context.replaceAll("[^A-Za-z0-9._-]", "-") : "cluster"));
        String outputFormat = cfg.require(ConfigKey.OUTPUT_FORMAT);
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = Progress.forStream(err, System.console() != null, quiet);
        Path dir = Files.createTempDirectory("krr-scan-");
        Map<String, String> extra = new HashMap<>();
        if (verbose) {
            extra.put("logging.level.dev.krr", "INFO");
        } else {
            extra.put("logging.level.dev.krr", "WARN");
        }
        // a scan ends with its backfill: nothing is followed, so the kubelets are not asked at all
        extra.put("krr.collector.usage.follow-source", "prometheus");
        StackOptions options = demo
                ? new StackOptions(null, null, null, null, cluster, dir, 1, extra)
                : new StackOptions(null, context, master, cfg.get(ConfigKey.PROMETHEUS_URL).orElse(null), cluster, dir, 1, extra);
        Instant deadline = Instant.now().plus(timeout);
        try (LocalStack stack = LocalStack.start(options, progress::line)) {
            NotifierClient notifier = new NotifierClient("http://127.0.0.1:" + stack.httpPort("notifier"));
            int workloads = awaitBackfill(stack.httpPort("collector"), progress, deadline);
            awaitRecommendations(notifier, cluster, workloads, progress, deadline);
            Map<String, String> filter = filters.asMap();
            filter.putIfAbsent("cluster", cluster);
            ReportCommand.write(notifier.fetch(outputFormat, filter), outputFile, spec.commandLine().getOut());
            return 0;
        } catch (ScanTimeout e) {
            err.println("krr: scan timed out: " + e.getMessage());
            return 1;
        } finally {
            LocalFiles.deleteRecursively(dir);
        }
    }

    /** Polls the collector's status until the backfill is complete; returns the number of workloads discovered. */
    private static int awaitBackfill(int collectorPort, Progress progress, Instant deadline) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String lastError = "";
        while (true) {
            JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collectorPort
                    + "/api/v1/status")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
            JsonNode usage = status.path("usage");
            String phase = usage.path("phase").asText();
            progress.percent("backfill", usage.path("backfillPercent").asDouble());
            String error = usage.path("lastError").asText("");
            if (!error.isEmpty() && !error.equals("null") && !error.equals(lastError)) {
                progress.line("usage: " + error);
                lastError = error;
            }
            if (phase.equals("FOLLOW") && status.path("discovery").path("ready").asBoolean()) {
                progress.done("backfill");
                return status.path("discovery").path("workloads").asInt();
            }
            if (phase.equals("STOPPED")) {
                throw new IllegalStateException("usage ingest stopped: " + error);
            }
            pause(deadline, "waiting for the backfill (phase " + phase + ")");
        }
    }

    /** Waits until every workload has a recommendation and the set has not changed for {@code settle}. */
    private void awaitRecommendations(NotifierClient notifier, String cluster, int workloads, Progress progress, Instant deadline)
            throws Exception {
        Map<String, String> byCluster = Map.of("cluster", cluster);
        String last = null;
        Instant stableSince = Instant.now();
        while (true) {
            int count = notifier.count(byCluster);
            progress.percent("recommendations", workloads == 0 ? 100 : Math.min(100.0, 100.0 * count / workloads));
            String current = notifier.list(byCluster);
            if (!current.equals(last)) {
                last = current;
                stableSince = Instant.now();
            } else if (count >= workloads && Duration.between(stableSince, Instant.now()).compareTo(settle) >= 0) {
                progress.done("recommendations");
                return;
            }
            pause(deadline, "waiting for recommendations (" + count + " of " + workloads + ")");
        }
    }

    private static void pause(Instant deadline, String waitingFor) throws InterruptedException {
        if (Instant.now().isAfter(deadline)) {
            throw new ScanTimeout(waitingFor);
        }
        Thread.sleep(1000);
    }

    private static final class ScanTimeout extends RuntimeException {
        ScanTimeout(String message) {
            super(message);
        }
    }

}
