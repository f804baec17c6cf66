package dev.krr.collector.adapter.out.metricsapi;

import dev.krr.collector.app.ClusterView;
import dev.krr.collector.app.UsageSource;
import dev.krr.collector.domain.ContainerUsage;
import dev.krr.collector.domain.PodPlacement;
import dev.krr.collector.domain.Quantities;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.collector.domain.WorkloadId;
import dev.krr.collector.domain.WorkloadState;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage from the metrics API ({@code metrics.k8s.io}, served by metrics-server) for clusters
 * without Prometheus. The API only knows the present, so there is no backfill: each poll (every
 * follow interval) records what it sees now as the last step of the window; the other steps are
 * gaps (NaN), never invented values.
 */
public class MetricsApiUsageSource implements UsageSource {

    /** Value of {@code UsageBatch.source}. */
    public static final String NAME = "metrics-api";
    private static final Logger log = LoggerFactory.getLogger(MetricsApiUsageSource.class);

    private final KubernetesClient client;
    private final ClusterView cluster;
    private final int stepSeconds;

    public MetricsApiUsageSource(KubernetesClient client, ClusterView cluster, Duration step) {
        this.client = client;
        this.cluster = cluster;
        this.stepSeconds = (int) step.toSeconds();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration maxChunk() {
        return Duration.ofDays(1);
    }

    @Override
    public boolean hasHistory() {
        return false;
    }

    @Override
    public List<UsageWindow> read(Instant from, Instant to, Duration batchWindow) {
        int steps = (int) (Duration.between(from, to).toSeconds() / stepSeconds);
        List<PodMetrics> metrics = client.top().pods().metrics().getItems();
        Map<String, String> nodeOfPod = new HashMap<>();
        for (WorkloadState w : cluster.workloads()) {
            for (PodPlacement p : w.pods()) {
                nodeOfPod.put(w.id().namespace() + "/" + p.pod(), p.node());
            }
        }
        Map<WorkloadId, List<ContainerUsage>> byWorkload = new LinkedHashMap<>();
        for (PodMetrics pm : metrics) {
            String ns = pm.getMetadata().getNamespace();
            String pod = pm.getMetadata().getName();
            Optional<WorkloadId> id = cluster.workloadOfPod(ns, pod);
            if (id.isEmpty()) {
                continue;
            }
            for (ContainerMetrics cm : pm.getContainers()) {
                Double cpu = parse(ns, pod, cm.getName(), "cpu", cm.getUsage().get("cpu"));
                Double mem = parse(ns, pod, cm.getName(), "memory", cm.getUsage().get("memory"));
                float[] cores = new float[steps];
                Arrays.fill(cores, Float.NaN);
                if (cpu != null && steps > 0) {
                    cores[steps - 1] = cpu.floatValue();
                }
                long memBytes = mem == null ? 0 : mem.longValue();
                byWorkload.computeIfAbsent(id.get(), k -> new ArrayList<>()).add(new ContainerUsage(pod, cm.getName(),
                        nodeOfPod.getOrDefault(ns + "/" + pod, ""), stepSeconds, cores, memBytes, null, mem == null ? 0 : 1, 0,
                        null, null, null));
            }
        }
        List<UsageWindow> out = new ArrayList<>();
        byWorkload.forEach((id, containers) -> out.add(new UsageWindow(id, from, to, containers, NAME)));
        return out;
    }

    private Double parse(String ns, String pod, String container, String resource, Quantity q) {
        if (q == null) {
            return null;
        }
        String text = Objects.toString(q.getAmount(), "") + Objects.toString(q.getFormat(), "");
        try {
            return Quantities.parse(text).doubleValue();
        } catch (IllegalArgumentException e) {
            log.warn("metrics API {}/{} container '{}' {}: {}; sample skipped", ns, pod, container, resource, e.getMessage());
            return null;
        }
    }
}
