package dev.krr.collector.adapter.out.demo;

import dev.krr.collector.app.ClusterView;
import dev.krr.collector.app.UsageSource;
import dev.krr.collector.domain.ContainerResources;
import dev.krr.collector.domain.ContainerRole;
import dev.krr.collector.domain.ContainerUsage;
import dev.krr.collector.domain.PodPlacement;
import dev.krr.collector.domain.TimeWindows;
import dev.krr.collector.domain.UsageWindow;
import dev.krr.collector.domain.WorkloadState;
import dev.krr.collector.domain.demo.DemoUsageModel;
import dev.krr.collector.domain.demo.DemoUsageProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthesises usage for every running container the collector discovers, shaped by the pod
 * template annotation {@code demo.krr.dev/usage.<container>} (see {@link DemoUsageProfile}) or,
 * without one, by the container's requests. Samples are a pure function of the container and the
 * time, so a 14-day backfill at 60 s takes seconds and tests know what to expect.
 */
public class DemoUsageSource implements UsageSource {

    /** Value of {@code UsageBatch.source}. */
    public static final String NAME = "demo";
    private static final Logger log = LoggerFactory.getLogger(DemoUsageSource.class);

    private final ClusterView cluster;
    private final int stepSeconds;
    private final Duration maxChunk;
    private final Set<String> reportedBadProfiles = ConcurrentHashMap.newKeySet();

    public DemoUsageSource(ClusterView cluster, Duration step, Duration maxChunk) {
        this.cluster = cluster;
        this.stepSeconds = (int) step.toSeconds();
        this.maxChunk = maxChunk;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration maxChunk() {
        return maxChunk;
    }

    @Override
    public List<UsageWindow> read(Instant from, Instant to, Duration batchWindow) {
        List<UsageWindow> out = new ArrayList<>();
        List<WorkloadState> workloads = new ArrayList<>(cluster.workloads());
        for (Instant[] w : TimeWindows.split(from, to, batchWindow)) {
            for (WorkloadState s : workloads) {
                List<ContainerUsage> containers = new ArrayList<>();
                for (PodPlacement pod : s.pods()) {
                    if (!"Running".equals(pod.phase())) {
                        continue;
                    }
                    for (ContainerResources c : s.containers()) {
                        if (c.role() == ContainerRole.INIT) {
                            continue;
                        }
                        DemoUsageModel model = new DemoUsageModel(profile(s, c),
                                DemoUsageModel.seedOf(s.id().namespace(), pod.pod(), c.name()));
                        containers.add(model.window(pod.pod(), c.name(), pod.node(), w[0], w[1], stepSeconds,
                                c.limits().memoryBytes()));
                    }
                }
                if (!containers.isEmpty()) {
                    out.add(new UsageWindow(s.id(), w[0], w[1], containers, NAME));
                }
            }
        }
        return out;
    }

    private DemoUsageProfile profile(WorkloadState s, ContainerResources c) {
        String text = s.templateAnnotations().get(DemoUsageProfile.ANNOTATION_PREFIX + c.name());
        if (text != null) {
            try {
                return DemoUsageProfile.parse(text);
            } catch (IllegalArgumentException e) {
                if (reportedBadProfiles.add(s.id() + "/" + c.name() + text)) {
                    log.warn("workload {} container '{}': bad {} annotation '{}': {}; using its requests instead", s.id(),
                            c.name(), DemoUsageProfile.ANNOTATION_PREFIX + c.name(), text, e.getMessage());
                }
            }
        }
        return DemoUsageProfile.fromRequests(c.requests().cpuMillicores(), c.requests().memoryBytes());
    }
}
