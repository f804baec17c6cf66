package dev.krr.backtest.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.krr.backtest.engine.BacktestSettings.NoRecommendationPolicy;
import dev.krr.backtest.trace.UsageSeries;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WalkForwardBacktestTest {

    static final long H = 3_600_000L;
    static final double GIB = Prices.GIB;
    /** Easy rates: $0.03 per core-hour, $0.004 per GiB-hour. */
    static final Prices PRICES = new Prices(0.03, 0.004, "USD");

    /**
     * Samples every 6 h from 1970-01-01 00:00 UTC to day 2 18:00 (12 samples, 3 days); the
     * container runs with 4 cores and 8 GiB requested and as limits.
     */
    static UsageSeries threeDays(double[] cpu, double[] memoryGib) {
        int n = cpu.length;
        long[] t = new long[n];
        double[] mem = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 6 * H;
            mem[i] = memoryGib[i] * GIB;
        }
        double[] cpuReq = filled(n, 4);
        double[] memReq = filled(n, 8 * GIB);
        return new UsageSeries("s", "test", t, cpu, mem, cpuReq, cpuReq.clone(), memReq, memReq.clone(),
                UsageSeries.medianStepMillis(t));
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    static final double[] CPU = {9, 9, 9, 9, 0.5, 1.5, 2.5, 1.0, 0, 0.25, 1.0, 0.75};
    static final double[] MEMORY_GIB = {9, 9, 9, 9, 1, 3, 0.5, 2, 1, 1, 1, 1};

    static BacktestSettings settings(NoRecommendationPolicy policy) {
        return new BacktestSettings(Duration.ofDays(1), Duration.ofDays(1), policy, PRICES, true);
    }

    @Test
    void walksForwardADayAtATimeAndScoresByHand() {
        ScriptedStrategy strategy = new ScriptedStrategy(Recommendation.of(1.0, 2.0, GIB, 2 * GIB));

        SeriesScore s = new WalkForwardBacktest(settings(NoRecommendationPolicy.KEEP_CURRENT))
                .run(threeDays(CPU, MEMORY_GIB), List.of(strategy)).get(0);

        // first sample at 0 h, warm-up 1 d → first boundary 24 h, having seen samples 0..3;
        // the second at 48 h, having seen 0..7; the third (72 h) is after the last sample (66 h)
        assertThat(strategy.asked).containsExactly("24h:4", "48h:8");
        assertThat(s.periodsScored()).isEqualTo(2);
        assertThat(s.periodsRecommended()).isEqualTo(2);
        // CPU request 1 core: usage 0.5 1.5 2.5 1.0 | 0 0.25 1.0 0.75 → above it: 1.5, 2.5 → 2/8
        assertThat(s.cpuIntervals()).isEqualTo(8);
        assertThat(s.cpuUnderProvisionedRate()).isEqualTo(0.25);
        // CPU limit 2 cores: only 2.5 exceeds it → 1/8
        assertThat(s.cpuThrottleRate()).isEqualTo(0.125);
        // CPU slack (1 − u)/1 clamped at 0: 0.5 0 0 0 | 1 0.75 0 0.25 → 2.5 / 8
        assertThat(s.cpuSlack()).isEqualTo(0.3125);
        // memory limit 2 GiB: peaks 1 3 0.5 2 | 1 1 1 1 → only 3 exceeds it (2 is not above 2)
        assertThat(s.memoryOomRate()).isEqualTo(0.125);
        // memory slack (2 − m)/2: 0.5 0 0.75 0 | 0.5 0.5 0.5 0.5 → 3.25 / 8
        assertThat(s.memorySlack()).isEqualTo(0.40625);
        // memory request slack (1 − m)/1: 0 0 0.5 0 | 0 0 0 0 → 0.5 / 8
        assertThat(s.memoryRequestSlack()).isEqualTo(0.0625);
        // cost per 6 h interval, max(request, usage) × rate:
        // provisioned 4 × 0.03 + 8 × 0.004 = 0.152/h → 0.912 per interval → 7.296 for 8
        // recommended CPU max(1, u) = 1 1.5 2.5 1 1 1 1 1 → 10 core-intervals × 0.03 × 6 = 1.8
        // recommended memory max(1, m) = 1 3 1 2 1 1 1 1 → 11 GiB-intervals × 0.004 × 6 = 0.264
        assertThat(s.costHours()).isEqualTo(48.0);
        assertThat(s.provisionedCost()).isCloseTo(7.296, within(1e-9));
        assertThat(s.recommendedCost()).isCloseTo(2.064, within(1e-9));
        // 1 − 2.064 / 7.296 = 0.717105…; (7.296 − 2.064) / 48 h × 730 h = 79.5700
        assertThat(s.savingsShare()).isCloseTo(0.7171053, within(1e-6));
        assertThat(s.savingsPerMonth()).isCloseTo(79.57, within(1e-9));
        // the one OOM interval (30 h, 3 GiB over a 2 GiB limit) is reported back
        assertThat(strategy.ooms).containsExactly("30h@2GiB");
    }

    @Test
    void withoutARecommendationTheContainerKeepsItsCurrentRequests() {
        ScriptedStrategy strategy = new ScriptedStrategy(Recommendation.none("Not enough data"),
                Recommendation.of(1.0, Double.NaN, GIB, Double.NaN));

        SeriesScore s = new WalkForwardBacktest(settings(NoRecommendationPolicy.KEEP_CURRENT))
                .run(threeDays(CPU, MEMORY_GIB), List.of(strategy)).get(0);

        // day 1 runs with 4 cores / 8 GiB: nothing above; day 2 with 1 core and 1 GiB, no limits
        assertThat(s.periodsRecommended()).isEqualTo(1);
        assertThat(s.noRecommendationReasons()).isEqualTo(Map.of("Not enough data", 1));
        // CPU above request: day 1 none of 0.5 1.5 2.5 1.0 exceeds 4; day 2 none exceeds 1 → 0/8
        assertThat(s.cpuUnderProvisionedRate()).isZero();
        // the strategy never recommended a CPU limit: the current one kept on day 1 does not count
        assertThat(s.cpuLimitIntervals()).isZero();
        assertThat(s.cpuThrottleRate()).isNaN();
        // no memory limit on day 2 → the 1 GiB request is the limit: peaks 1 1 1 1 → no OOM
        assertThat(s.memoryOomIntervals()).isZero();
        // CPU slack: day 1 (4 − u)/4 = 0.875 0.625 0.375 0.75; day 2 1 0.75 0 0.25 → 4.625 / 8
        assertThat(s.cpuSlack()).isCloseTo(0.578125, within(1e-12));
        // day 1 costs the same as provisioned: savings only on day 2
        // provisioned 4 × 0.912 = 3.648 per day; day 2 recommended (1 × 0.03 + 1 × 0.004) × 6 × 4 = 0.816
        assertThat(s.savingsShare()).isCloseTo(1 - (3.648 + 0.816) / 7.296, within(1e-12));
    }

    @Test
    void skipPolicyLeavesUnansweredIntervalsOut() {
        ScriptedStrategy strategy = new ScriptedStrategy(Recommendation.none("Not enough data"),
                Recommendation.of(1.0, Double.NaN, GIB, Double.NaN));

        SeriesScore s = new WalkForwardBacktest(settings(NoRecommendationPolicy.SKIP))
                .run(threeDays(CPU, MEMORY_GIB), List.of(strategy)).get(0);

        // only day 2's four intervals count: CPU slack 1 0.75 0 0.25 → 0.5
        assertThat(s.cpuIntervals()).isEqualTo(4);
        assertThat(s.memoryIntervals()).isEqualTo(4);
        assertThat(s.cpuSlack()).isEqualTo(0.5);
        assertThat(s.cpuThrottleRate()).isNaN();
        assertThat(s.costHours()).isEqualTo(24.0);
        // 0.816 recommended against 3.648 provisioned
        assertThat(s.savingsShare()).isCloseTo(1 - 0.816 / 3.648, within(1e-12));
    }

    @Test
    void partialRecommendationsCarryBothReasons() {
        ScriptedStrategy strategy = new ScriptedStrategy(new Recommendation(Recommendation.Resource.none("HPA detected"),
                Recommendation.Resource.none("No data")));
        SeriesScore s = new WalkForwardBacktest(settings(NoRecommendationPolicy.KEEP_CURRENT))
                .run(threeDays(CPU, MEMORY_GIB), List.of(strategy)).get(0);
        assertThat(s.noRecommendationReasons()).isEqualTo(Map.of("HPA detected; No data", 2));
    }

    @Test
    void oomFeedbackCanBeTurnedOff() {
        ScriptedStrategy strategy = new ScriptedStrategy(Recommendation.of(1.0, 2.0, GIB, 2 * GIB));
        new WalkForwardBacktest(new BacktestSettings(Duration.ofDays(1), Duration.ofDays(1),
                NoRecommendationPolicy.KEEP_CURRENT, PRICES, false)).run(threeDays(CPU, MEMORY_GIB), List.of(strategy));
        assertThat(strategy.ooms).isEmpty();
    }

    @Test
    void firstBoundaryIsTheFirstMidnightAfterTheWarmUp() {
        // 22:03 + 1 d = next day 22:03 → the midnight after that, 2 days after the previous midnight
        long start = 22 * H + 3 * 60_000;
        assertThat(WalkForwardBacktest.ceilTo(start + 24 * H, 24 * H)).isEqualTo(48 * H);
        assertThat(WalkForwardBacktest.ceilTo(24 * H, 24 * H)).isEqualTo(24 * H);
    }

    @Test
    void emptyAndShortSeriesScoreNothing() {
        UsageSeries empty = new UsageSeries("e", "test", new long[0], new double[0], new double[0], new double[0],
                new double[0], new double[0], new double[0], 0);
        ScriptedStrategy strategy = new ScriptedStrategy(Recommendation.of(1, 1, 1, 1));
        SeriesScore s = new WalkForwardBacktest(BacktestSettings.defaults()).run(empty, List.of(strategy)).get(0);
        assertThat(s.periodsScored()).isZero();
        assertThat(s.cpuUnderProvisionedRate()).isNaN();
        assertThat(s.savingsPerMonth()).isNaN();
        assertThat(strategy.asked).isEmpty();
    }
}
