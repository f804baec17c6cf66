package dev.krr.backtest.strategies;

import dev.krr.backtest.engine.BacktestStrategy;
import dev.krr.backtest.engine.Prices;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.strategy.CostAwareSettings;
import dev.krr.strategy.domain.strategy.CostAwareStrategy;
import dev.krr.strategy.domain.strategy.KrrSettings;
import dev.krr.strategy.domain.strategy.KrrStrategy;
import dev.krr.strategy.domain.strategy.RecommendationStrategy;
import dev.krr.strategy.domain.strategy.VpaSettings;
import dev.krr.strategy.domain.strategy.VpaStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The strategies a backtest can run, by name: the strategy service's {@code simple},
 * {@code simple-limit}, {@code vpa} and {@code cost-aware} with their default settings (the
 * service's defaults, taken from the domain's own {@code defaults()} factories), and the
 * {@code current} baseline.
 */
public final class StrategyCatalog {

    private final Map<String, BacktestStrategy> byName = new LinkedHashMap<>();

    public StrategyCatalog(Prices prices) {
        StateSettings state = StateSettings.defaults();
        add(new CurrentProvisioning());
        add(domain(KrrStrategy.simple(KrrSettings.defaults()), state, prices));
        add(domain(KrrStrategy.simpleLimit(KrrSettings.defaults()), state, prices));
        add(domain(new VpaStrategy(VpaSettings.defaults()), state, prices));
        add(domain(new CostAwareStrategy(CostAwareSettings.defaults()), state, prices));
    }

    private static BacktestStrategy domain(RecommendationStrategy s, StateSettings state, Prices prices) {
        return new DomainStrategyAdapter(s, state, prices);
    }

    private void add(BacktestStrategy s) {
        byName.put(s.name(), s);
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The named strategies in the order given; a clear error naming the unknown one. */
    public List<BacktestStrategy> select(List<String> names) {
        List<BacktestStrategy> out = new ArrayList<>();
        for (String n : names) {
            BacktestStrategy s = byName.get(n.trim());
            if (s == null) {
                throw new IllegalArgumentException("--strategies names unknown strategy '" + n + "'; known: " + byName.keySet());
            }
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
