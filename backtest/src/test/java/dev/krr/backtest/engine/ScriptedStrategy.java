package dev.krr.backtest.engine;

import dev.krr.backtest.trace.UsageSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * A test strategy that answers from a script (one recommendation per boundary, the last one
 * repeating) and records what the engine showed it, so tests can check there is no look-ahead.
 */
final class ScriptedStrategy implements BacktestStrategy {

    final List<Recommendation> script;
    /** For each boundary asked: "boundaryMillis:observedCount". */
    final List<String> asked = new ArrayList<>();
    final List<String> ooms = new ArrayList<>();

    ScriptedStrategy(Recommendation... script) {
        this.script = List.of(script);
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public String settings() {
        return "script of " + script.size();
    }

    @Override
    public SeriesRecommender start(UsageSeriesInfo series) {
        return new SeriesRecommender() {
            int observed;
            long lastObservedMillis = Long.MIN_VALUE;

            @Override
            public void observe(UsageSeries s, int from, int to) {
                if (from != observed) {
                    throw new AssertionError("observe must continue at " + observed + ", got " + from);
                }
                observed = to;
                lastObservedMillis = s.timeMillis()[to - 1];
            }

            @Override
            public Recommendation recommendAt(long nowMillis) {
                if (lastObservedMillis >= nowMillis) {
                    throw new AssertionError("look-ahead: saw a sample at " + lastObservedMillis + " before " + nowMillis);
                }
                asked.add(nowMillis / 3_600_000 + "h:" + observed);
                return script.get(Math.min(asked.size() - 1, script.size() - 1));
            }

            @Override
            public void oomKilled(long timeMillis, double memoryLimitBytes) {
                ooms.add(timeMillis / 3_600_000 + "h@" + (long) (memoryLimitBytes / Prices.GIB) + "GiB");
            }
        };
    }
}
