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
 * service's defaults, taken from the domain's own {@code defaults()} factories, unless
 * overridden with {@code --set}), and the {@code current} baseline.
 */
public final class StrategyCatalog {

    private final Map<String, BacktestStrategy> byName = new LinkedHashMap<>();

    public StrategyCatalog(Prices prices) {
        this(prices, SettingsOverrides.none());
    }

    /** With {@code --set} overrides applied on top of the service's defaults. */
    public StrategyCatalog(Prices prices, SettingsOverrides overrides) {
        StateSettings state = StateSettings.defaults();
        add(new CurrentProvisioning());
        add(domain(KrrStrategy.simple(overrides.krr(KrrStrategy.SIMPLE, KrrSettings.defaults())), state, prices));
        add(domain(KrrStrategy.simpleLimit(overrides.krr(KrrStrategy.SIMPLE_LIMIT, KrrSettings.defaults())), state, prices));
        add(domain(new VpaStrategy(overrides.vpa(VpaStrategy.NAME, VpaSettings.defaults())), state, prices));
        add(domain(new CostAwareStrategy(overrides.costAware(CostAwareStrategy.NAME, CostAwareSettings.defaults())), state, prices));
        overrides.requireAllRead();
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
