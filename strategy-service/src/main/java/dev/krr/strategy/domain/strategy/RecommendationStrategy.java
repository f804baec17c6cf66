package dev.krr.strategy.domain.strategy;

import java.util.Map;

/**
 * A named, pure function from a container's usage state (and context) to requests and limits.
 * Strategies know nothing about where the state came from, so the same instance serves the
 * streaming service and a backtest replaying traces.
 */
public interface RecommendationStrategy {

    /** Registered name, e.g. {@code simple}. */
    String name();

    /** Effective settings as text, so a reader can reproduce the numbers. */
    Map<String, String> settings();

    ContainerProposal propose(StrategyInput input);
}
