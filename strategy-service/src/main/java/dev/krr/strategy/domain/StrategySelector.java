package dev.krr.strategy.domain;

import dev.krr.strategy.domain.model.Workload;
import dev.krr.strategy.domain.strategy.RecommendationStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the strategy for a workload, most specific first: the workload's
 * {@value #ANNOTATION} annotation, then a rule for {@code cluster/namespace/kind/name}, then
 * {@code cluster/namespace}, then {@code cluster}, then the default. The configured alternatives
 * (minus the chosen one) run on the same state for comparison.
 */
public final class StrategySelector {

    /** Annotation that picks a workload's strategy, e.g. {@code krr.dev/strategy: vpa}. */
    public static final String ANNOTATION = "krr.dev/strategy";

    private final Map<String, RecommendationStrategy> strategies;
    private final String defaultStrategy;
    private final Map<String, String> rules;
    private final List<String> alternatives;

    /**
     * @param strategies registered strategies by name
     * @param rules selector ({@code cluster}, {@code cluster/namespace} or a workload key) → strategy name
     */
    public StrategySelector(List<RecommendationStrategy> strategies, String defaultStrategy, Map<String, String> rules,
                            List<String> alternatives) {
        this.strategies = new LinkedHashMap<>();
        strategies.forEach(s -> this.strategies.put(s.name(), s));
        this.defaultStrategy = require(defaultStrategy, "default strategy");
        this.rules = Map.copyOf(rules);
        this.rules.forEach((selector, name) -> require(name, "strategy of rule '" + selector + "'"));
        this.alternatives = List.copyOf(alternatives);
        this.alternatives.forEach(a -> require(a, "alternative"));
    }

    private String require(String name, String what) {
        if (!strategies.containsKey(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a known strategy; known: " + strategies.keySet());
        }
        return name;
    }

    /** The chosen strategy, and a note when the annotation named an unknown one. */
    public Choice choose(Workload w) {
        String annotated = w.annotations().get(ANNOTATION);
        if (annotated != null && strategies.containsKey(annotated.trim())) {
            return new Choice(strategies.get(annotated.trim()), null);
        }
        String note = annotated == null ? null
                : ANNOTATION + " names unknown strategy '" + annotated + "'; known: " + strategies.keySet();
        String byRule = rules.get(w.cluster() + "/" + w.namespace() + "/" + w.kind() + "/" + w.name());
        if (byRule == null) {
            byRule = rules.get(w.cluster() + "/" + w.namespace());
        }
        if (byRule == null) {
            byRule = rules.get(w.cluster());
        }
        return new Choice(strategies.get(byRule == null ? defaultStrategy : byRule), note);
    }

    public List<RecommendationStrategy> alternativesTo(RecommendationStrategy chosen) {
        List<RecommendationStrategy> out = new ArrayList<>();
        for (String a : alternatives) {
            if (!a.equals(chosen.name())) {
                out.add(strategies.get(a));
            }
        }
        return out;
    }

    /** @param note non-null when something about the choice deserves a line in the info */
    public record Choice(RecommendationStrategy strategy, String note) {
    }
}
