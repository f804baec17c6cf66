package dev.krr.strategy.domain.strategy;

import java.time.Duration;
import java.util.List;

/**
 * A strategy's answer for one container, with what backs it.
 *
 * @param dataPoints CPU samples the answer rests on
 * @param historySpan time between the oldest and newest sample used
 * @param confidence 0..1 (VPA's min(days, samples/1440), capped at 1)
 * @param info human-readable notes, e.g. "OOMKill detected: memory from limit at OOM × 1.25"
 */
public record ContainerProposal(Proposal cpu, Proposal memory, long dataPoints, Duration historySpan,
                                double confidence, List<String> info) {
    public ContainerProposal {
        info = List.copyOf(info);
    }
}
