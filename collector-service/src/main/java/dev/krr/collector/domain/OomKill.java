package dev.krr.collector.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An OOM kill seen in a pod's status ({@code lastState.terminated.reason = OOMKilled}), with the
 * memory limit in force. Pod status only remembers the last termination, so this is a live
 * signal for follow mode; history comes from kube-state-metrics.
 */
public record OomKill(String pod, String container, Instant at, Long memoryLimitBytes) {

    /**
     * Adds the kills that happened inside {@code window} to containers whose source reported none
     * (a kill already counted from kube-state-metrics is not counted twice). A container with
     * a kill at 10:42 in the window [10:00, 11:00) and no kill from its source gets oomKills = 1.
     */
    public static UsageWindow merge(UsageWindow window, List<OomKill> kills) {
        if (kills.isEmpty()) {
            return window;
        }
        List<ContainerUsage> out = new ArrayList<>(window.containers().size());
        boolean changed = false;
        for (ContainerUsage c : window.containers()) {
            ContainerUsage merged = c;
            if (c.oomKills() == 0) {
                for (OomKill k : kills) {
                    if (k.pod().equals(c.pod()) && k.container().equals(c.container()) && !k.at().isBefore(window.start())
                            && k.at().isBefore(window.end())) {
                        merged = new ContainerUsage(c.pod(), c.container(), c.node(), c.stepSeconds(), c.cpuCores(),
                                c.memoryPeakBytes(), c.memoryBytes(), c.memorySampleCount(), 1, k.memoryLimitBytes(), k.at(),
                                c.throttling());
                        changed = true;
                    }
                }
            }
            out.add(merged);
        }
        return changed ? new UsageWindow(window.workload(), window.start(), window.end(), out, window.source()) : window;
    }
}
