package dev.krr.backtest.strategies;

import dev.krr.backtest.engine.BacktestStrategy;
import dev.krr.backtest.engine.Prices;
import dev.krr.backtest.engine.Recommendation;
import dev.krr.backtest.engine.SeriesRecommender;
import dev.krr.backtest.engine.UsageSeriesInfo;
import dev.krr.backtest.trace.UsageSeries;
import dev.krr.strategy.domain.model.CapacityType;
import dev.krr.strategy.domain.model.ContainerRole;
import dev.krr.strategy.domain.model.ContainerSpec;
import dev.krr.strategy.domain.model.Resources;
import dev.krr.strategy.domain.state.ContainerSamples;
import dev.krr.strategy.domain.state.ContainerUsageState;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.strategy.ContainerProposal;
import dev.krr.strategy.domain.strategy.PriceContext;
import dev.krr.strategy.domain.strategy.Proposal;
import dev.krr.strategy.domain.strategy.RecommendationStrategy;
import dev.krr.strategy.domain.strategy.StrategyInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs one of the strategy service's {@link RecommendationStrategy} instances as a backtest
 * strategy, feeding it exactly what the service would: a {@link ContainerUsageState} (VPA's
 * decaying histograms and KRR's day-sliced window, default {@link StateSettings}) filled sample by
 * sample, and a {@link StrategyInput} with the container's current requests and limits, no HPA,
 * one container per pod, and the backtest's rates as an on-demand node price.
 *
 * <p>An OOM kill the engine reports becomes a {@link ContainerSamples} with one kill and the limit
 * in force, as the collector sends it, so KRR's OOM buffer and VPA's bump see it.
 *
 * <p>Each sample becomes one {@link ContainerSamples} of one pod: one CPU value for the sample's
 * step and the sample's memory as that window's peak over one point. A series is one pod (a
 * Bitbrains VM never moves), so KRR's max over pods is that pod's percentile.
 */
public final class DomainStrategyAdapter implements BacktestStrategy {

    static final String POD = "pod-0";
    static final String CONTAINER = "main";

    private final RecommendationStrategy strategy;
    private final StateSettings stateSettings;
    private final PriceContext price;

    public DomainStrategyAdapter(RecommendationStrategy strategy, StateSettings stateSettings, Prices prices) {
        this.strategy = strategy;
        this.stateSettings = stateSettings;
        this.price = new PriceContext(prices.currency(), BigDecimal.valueOf(prices.cpuPerCoreHour()),
                BigDecimal.valueOf(prices.memoryPerGibHour()), CapacityType.ON_DEMAND);
    }

    @Override
    public String name() {
        return strategy.name();
    }

    @Override
    public String settings() {
        Map<String, String> s = strategy.settings();
        return s.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    @Override
    public SeriesRecommender start(UsageSeriesInfo series) {
        return new Replay(new ContainerUsageState(stateSettings));
    }

    private final class Replay implements SeriesRecommender {
        private final ContainerUsageState state;
        private ContainerSpec current = new ContainerSpec(CONTAINER, ContainerRole.MAIN, Resources.UNSET, Resources.UNSET);

        Replay(ContainerUsageState state) {
            this.state = state;
        }

        @Override
        public void observe(UsageSeries s, int from, int to) {
            long step = s.stepMillis();
            long[] t = s.timeMillis();
            double[] cpu = s.cpuCores();
            double[] memory = s.memoryBytes();
            for (int i = from; i < to; i++) {
                boolean hasCpu = !Double.isNaN(cpu[i]);
                boolean hasMemory = !Double.isNaN(memory[i]);
                if (!hasCpu && !hasMemory) {
                    continue;
                }
                float[] cores = hasCpu ? new float[] {(float) cpu[i]} : new float[0];
                state.add(new ContainerSamples(POD, t[i], t[i] + step, step, cores, null,
                        hasMemory ? Math.round(memory[i]) : -1, hasMemory ? 1 : 0, 0, -1, -1));
            }
            if (to > from) {
                int last = to - 1;
                current = new ContainerSpec(CONTAINER, ContainerRole.MAIN,
                        new Resources(millicores(s.cpuRequestCores()[last]), bytes(s.memoryRequestBytes()[last])),
                        new Resources(millicores(s.cpuLimitCores()[last]), bytes(s.memoryLimitBytes()[last])));
            }
        }

        @Override
        public void oomKilled(long timeMillis, double memoryLimitBytes) {
            state.add(new ContainerSamples(POD, timeMillis, timeMillis, 0, new float[0], null, -1, 0, 1,
                    Math.round(memoryLimitBytes), timeMillis));
        }

        @Override
        public Recommendation recommendAt(long nowMillis) {
            ContainerProposal p = strategy.propose(new StrategyInput(current, state, null, 1, price,
                    Instant.ofEpochMilli(nowMillis)));
            return new Recommendation(resource(p.cpu(), 1000.0), resource(p.memory(), 1.0));
        }
    }

    /** Millicores → cores (divisor 1000) or bytes → bytes (divisor 1); an unset limit is "no limit". */
    static Recommendation.Resource resource(Proposal p, double divisor) {
        if (!p.recommends()) {
            return Recommendation.Resource.none(p.noRecommendationReason());
        }
        if (p.request() == null) {
            return Recommendation.Resource.none("strategy left the request unset");
        }
        return Recommendation.Resource.of(p.request() / divisor, p.limit() == null ? Double.NaN : p.limit() / divisor);
    }

    private static Long millicores(double cores) {
        return Double.isNaN(cores) ? null : Math.round(cores * 1000);
    }

    private static Long bytes(double bytes) {
        return Double.isNaN(bytes) ? null : Math.round(bytes);
    }
}
