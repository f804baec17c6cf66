package dev.krr.strategy.domain;

import dev.krr.strategy.domain.cost.CostCalculator;
import dev.krr.strategy.domain.cost.WorkloadCost;
import dev.krr.strategy.domain.model.ContainerRole;
import dev.krr.strategy.domain.model.ContainerSpec;
import dev.krr.strategy.domain.model.NodeRate;
import dev.krr.strategy.domain.model.ResourceKind;
import dev.krr.strategy.domain.model.Resources;
import dev.krr.strategy.domain.model.Workload;
import dev.krr.strategy.domain.state.ContainerUsageState;
import dev.krr.strategy.domain.state.WorkloadUsageState;
import dev.krr.strategy.domain.strategy.ContainerProposal;
import dev.krr.strategy.domain.strategy.PriceContext;
import dev.krr.strategy.domain.strategy.Proposal;
import dev.krr.strategy.domain.strategy.RecommendationStrategy;
import dev.krr.strategy.domain.strategy.Severity;
import dev.krr.strategy.domain.strategy.StrategyInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a workload, its usage state and its nodes' rates into a {@link WorkloadRecommendation}:
 * chooses the strategy, runs it per container (template containers first, then containers seen
 * only in usage, which are sidecars injected at admission), grades each cell with KRR's severity,
 * prices current vs recommended, and runs the alternatives on the same state.
 */
public final class WorkloadRecommender {

    private final StrategySelector selector;
    private final CostCalculator costCalculator;
    /**
     * A strategy's settings never change after construction, so its reference (settings text and
     * their SHA-256) is computed once per strategy instead of once per recommendation.
     */
    private final Map<RecommendationStrategy, StrategyRef> refs = new ConcurrentHashMap<>();

    public WorkloadRecommender(StrategySelector selector, CostCalculator costCalculator) {
        this.selector = selector;
        this.costCalculator = costCalculator;
    }

    public WorkloadRecommendation recommend(Workload workload, WorkloadUsageState usage, Map<String, NodeRate> ratesByNode,
                                            Instant now) {
        List<ContainerSpec> containers = containersOf(workload, usage);
        PriceContext price = costCalculator.priceContext(workload, ratesByNode);
        StrategySelector.Choice choice = selector.choose(workload);
        Run main = run(choice.strategy(), workload, containers, usage, price, ratesByNode, now, choice.note());
        List<WorkloadRecommendation.Alternative> alternatives = new ArrayList<>();
        for (RecommendationStrategy alt : selector.alternativesTo(choice.strategy())) {
            Run r = run(alt, workload, containers, usage, price, ratesByNode, now, null);
            alternatives.add(new WorkloadRecommendation.Alternative(r.ref, r.advice, r.cost, r.severity));
        }
        return new WorkloadRecommendation(workload.cluster(), workload.namespace(), workload.kind(), workload.name(),
                workload.replicas(), main.advice, main.ref, main.severity, main.cost, now, alternatives);
    }

    private record Run(StrategyRef ref, List<ContainerAdvice> advice, Severity severity, WorkloadCost cost) {
    }

    private Run run(RecommendationStrategy strategy, Workload workload, List<ContainerSpec> containers,
                    WorkloadUsageState usage, PriceContext price, Map<String, NodeRate> ratesByNode, Instant now, String note) {
        List<ContainerAdvice> advice = new ArrayList<>();
        List<Resources> current = new ArrayList<>();
        List<Resources> recommended = new ArrayList<>();
        Severity row = Severity.UNKNOWN;
        for (ContainerSpec spec : containers) {
            ContainerUsageState state = usage == null ? null : usage.containers().get(spec.name());
            ContainerProposal p = strategy.propose(new StrategyInput(spec, state, workload.hpa(), containers.size(), price, now));
            ResourceAdvice cpu = grade(ResourceKind.CPU, spec, p.cpu());
            ResourceAdvice memory = grade(ResourceKind.MEMORY, spec, p.memory());
            Severity severity = cpu.severity().worst(memory.severity());
            List<String> info = new ArrayList<>(p.info());
            if (note != null) {
                info.add(note);
            }
            advice.add(new ContainerAdvice(spec.name(), spec.role(), cpu, memory, p.dataPoints(), p.historySpan(),
                    p.confidence(), severity, info));
            row = row.worst(severity);
            current.add(spec.requests());
            recommended.add(new Resources(
                    p.cpu().recommends() ? p.cpu().request() : spec.requests().cpuMillicores(),
                    p.memory().recommends() ? p.memory().request() : spec.requests().memoryBytes()));
        }
        WorkloadCost cost = costCalculator.cost(workload, current, recommended, ratesByNode, now);
        return new Run(refs.computeIfAbsent(strategy, s -> StrategyRef.of(s.name(), s.settings())), advice, row, cost);
    }

    private static ResourceAdvice grade(ResourceKind kind, ContainerSpec spec, Proposal p) {
        Long curReq = spec.requests().get(kind);
        Long curLim = spec.limits().get(kind);
        if (!p.recommends()) {
            return new ResourceAdvice(kind, curReq, curLim, null, null, Severity.UNKNOWN, p.noRecommendationReason());
        }
        Severity s = Severity.of(kind, curReq, p.request()).worst(Severity.of(kind, curLim, p.limit()));
        return new ResourceAdvice(kind, curReq, curLim, p.request(), p.limit(), s, null);
    }

    private static List<ContainerSpec> containersOf(Workload workload, WorkloadUsageState usage) {
        List<ContainerSpec> out = new ArrayList<>(workload.containers());
        if (usage != null) {
            for (String name : usage.containers().keySet()) {
                if (out.stream().noneMatch(c -> c.name().equals(name))) {
                    out.add(new ContainerSpec(name, ContainerRole.INJECTED, Resources.UNSET, Resources.UNSET));
                }
            }
        }
        return out;
    }
}
