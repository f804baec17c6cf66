package dev.krr.backtest.strategies;

import dev.krr.backtest.engine.BacktestStrategy;
import dev.krr.backtest.engine.Recommendation;
import dev.krr.backtest.engine.SeriesRecommender;
import dev.krr.backtest.engine.UsageSeriesInfo;
import dev.krr.backtest.trace.UsageSeries;

/**
 * The baseline row, not a recommender: the container keeps the request and limit it was running
 * with at the boundary (for Bitbrains, the VM's provisioned capacity). It shows what the
 * strategies are measured against: its savings are 0 by construction, and its slack is the slack
 * of the fleet as it was provisioned.
 */
public final class CurrentProvisioning implements BacktestStrategy {

    public static final String NAME = "current";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String settings() {
        return "request and limit as provisioned in the trace";
    }

    @Override
    public SeriesRecommender start(UsageSeriesInfo series) {
        return new SeriesRecommender() {
            private Recommendation last = Recommendation.none("No data");

            @Override
            public void observe(UsageSeries s, int from, int to) {
                if (to > from) {
                    int i = to - 1;
                    last = new Recommendation(resource(s.cpuRequestCores()[i], s.cpuLimitCores()[i]),
                            resource(s.memoryRequestBytes()[i], s.memoryLimitBytes()[i]));
                }
            }

            @Override
            public Recommendation recommendAt(long nowMillis) {
                return last;
            }
        };
    }

    private static Recommendation.Resource resource(double request, double limit) {
        return Double.isNaN(request) ? Recommendation.Resource.none("current request unknown")
                : Recommendation.Resource.of(request, limit);
    }
}
