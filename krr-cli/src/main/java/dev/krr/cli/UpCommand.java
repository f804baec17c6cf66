package dev.krr.cli;

import dev.krr.cli.config.ConfigKey;
import dev.krr.cli.config.KrrConfig;
import dev.krr.cli.output.RecommendationTable;
import dev.krr.cli.output.RecommendationWatcher;
import dev.krr.cli.stack.LocalFiles;
import dev.krr.cli.stack.LocalStack;
import dev.krr.cli.stack.StackOptions;
import dev.krr.contracts.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code krr up}: the whole pipeline on this machine. By default a demo — an in-process Kafka,
 * the four services, a demo cluster on fabric8's mock API server and two weeks of synthetic usage;
 * the KRR-style table with savings is printed whenever recommendations change. Ctrl-C stops
 * everything in order and removes the temporary data.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run Kafka, the four krr services and a demo (or real) cluster; print recommendations as they change.")
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of starting one in-process.")
    String bootstrapServers;

    @Option(names = "--context", description = "kubeconfig context of a real cluster (instead of the demo cluster).")
    String kubeContext;

    @Option(names = "--master-url", description = "API server URL of a real cluster (instead of a kubeconfig context).")
    String masterUrl;

    @Option(names = "--prometheus-url", description = "Prometheus-compatible URL for usage (required with --context/--master-url).")
    String prometheusUrl;

    @Option(names = "--cluster-id", description = "Cluster id tagged on every record (default: 'demo', or the context name).")
    String clusterId;

    @Option(names = "--work-dir", description = "Keep Kafka data and strategy state here (default: a temporary directory removed on exit).")
    Path workDir;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of krr's topics when created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--settle", description = "Print the table once the topic has been quiet this long (ISO-8601, default: PT3S).")
    String settle;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        flags.put(ConfigKey.CLUSTER_CONTEXT, kubeContext);
        flags.put(ConfigKey.CLUSTER_MASTER_URL, masterUrl);
        flags.put(ConfigKey.PROMETHEUS_URL, prometheusUrl);
        flags.put(ConfigKey.CLUSTER_ID, clusterId);
        flags.put(ConfigKey.WORK_DIR, workDir == null ? null : workDir.toString());
        flags.put(ConfigKey.SETTLE, settle);
        KrrConfig cfg = config.resolve(flags);
        String context = cfg.get(ConfigKey.CLUSTER_CONTEXT).orElse(null);
        boolean temporary = cfg.get(ConfigKey.WORK_DIR).isEmpty();
        Path dir = temporary ? Files.createTempDirectory("krr-up-") : Path.of(cfg.require(ConfigKey.WORK_DIR));
        String cluster = cfg.get(ConfigKey.CLUSTER_ID)
                .orElse(context != null ? context.replaceAll("[^A-Za-z0-9._-]", "-") : "demo");
        Keys.requireValidClusterId(cluster);
        StackOptions options = new StackOptions(cfg.get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS).orElse(null), context,
                cfg.get(ConfigKey.CLUSTER_MASTER_URL).orElse(null), cfg.get(ConfigKey.PROMETHEUS_URL).orElse(null), cluster, dir,
                partitions, Map.of());
        Duration settleTime = Duration.parse(cfg.require(ConfigKey.SETTLE));
        CountDownLatch stopped = new CountDownLatch(1);
        out.println("krr: starting " + (options.isDemo() ? "the demo" : "against cluster '" + cluster + "'") + " ...");
        LocalStack stack = LocalStack.start(options, line -> out.println("krr: " + line));
        RecommendationWatcher watcher = new RecommendationWatcher(stack.bootstrapServers(), settleTime, Clock.systemUTC(),
                recs -> {
                    out.print(System.lineSeparator() + RecommendationTable.render(recs.values()));
                    out.flush();
                });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("krr: stopping ...");
            watcher.close();
            stack.close();
            if (temporary) {
                LocalFiles.deleteRecursively(dir);
            }
            out.println("krr: stopped");
            stopped.countDown();
        }, "krr-shutdown"));
        watcher.start();
        out.println("krr: running; first recommendations in about " + options.expectedFirstResults().toSeconds()
                + " s. Ctrl-C stops.");
        stopped.await();
        return 0;
    }

}
