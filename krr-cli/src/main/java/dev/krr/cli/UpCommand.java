package dev.krr.cli;

import dev.krr.cli.output.RecommendationTable;
import dev.krr.cli.output.RecommendationWatcher;
import dev.krr.cli.stack.LocalStack;
import dev.krr.cli.stack.StackOptions;
import dev.krr.contracts.Keys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
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

    @Option(names = "--settle", defaultValue = "PT3S", description = "Print the table once the topic has been quiet this long (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("krr-up-") : workDir;
        String cluster = clusterId != null ? clusterId : kubeContext != null ? kubeContext.replaceAll("[^A-Za-z0-9._-]", "-") : "demo";
        Keys.requireValidClusterId(cluster);
        StackOptions options = new StackOptions(bootstrapServers, kubeContext, masterUrl, prometheusUrl, cluster, dir,
                partitions, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        out.println("krr: starting " + (options.isDemo() ? "the demo" : "against cluster '" + cluster + "'") + " ...");
        LocalStack stack = LocalStack.start(options, line -> out.println("krr: " + line));
        RecommendationWatcher watcher = new RecommendationWatcher(stack.bootstrapServers(), settle, Clock.systemUTC(),
                recs -> out.print(System.lineSeparator() + RecommendationTable.render(recs.values())));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("krr: stopping ...");
            watcher.close();
            stack.close();
            if (temporary) {
                deleteRecursively(dir);
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

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("krr: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
