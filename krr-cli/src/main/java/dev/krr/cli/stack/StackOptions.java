package dev.krr.cli.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code krr up} runs against. With neither {@code kubeContext} nor {@code kubeMasterUrl}
 * the stack seeds a demo cluster on fabric8's mock API server and uses demo usage; with a
 * context (or master URL) and a Prometheus URL it reads a real cluster.
 *
 * @param bootstrapServers existing Kafka to use; null starts the in-process broker
 * @param kubeContext      kubeconfig context of a real cluster, or null
 * @param kubeMasterUrl    API server URL of a real cluster, or null
 * @param prometheusUrl    Prometheus-compatible URL for usage; required with a real cluster
 * @param clusterId        cluster id tagged on every record
 * @param workDir          where the broker's data and the strategy's state live
 * @param partitions       partitions of krr's topics when the stack creates them
 * @param extraProperties  further Spring properties passed to every service (e.g. for tests)
 */
public record StackOptions(String bootstrapServers, String kubeContext, String kubeMasterUrl, String prometheusUrl,
                           String clusterId, Path workDir, int partitions, Map<String, String> extraProperties) {

    public StackOptions {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(clusterId, "clusterId");
        extraProperties = extraProperties == null ? Map.of() : Map.copyOf(extraProperties);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        if (!isDemo() && (prometheusUrl == null || prometheusUrl.isBlank())) {
            throw new IllegalArgumentException("--prometheus-url is required with a real cluster (--context or --master-url)");
        }
    }

    /** The demo stack in {@code workDir}: in-process broker, demo cluster, demo usage. */
    public static StackOptions demo(Path workDir) {
        return new StackOptions(null, null, null, null, "demo", workDir, 3, Map.of());
    }

    public boolean isDemo() {
        return kubeContext == null && kubeMasterUrl == null;
    }

    /** How long the strategy's first results may take; used for the "waiting" hint only. */
    public Duration expectedFirstResults() {
        return Duration.ofMinutes(1);
    }
}
