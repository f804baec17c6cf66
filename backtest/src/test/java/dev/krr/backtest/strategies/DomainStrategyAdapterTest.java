package dev.krr.backtest.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.backtest.engine.BacktestStrategy;
import dev.krr.backtest.engine.Prices;
import dev.krr.backtest.engine.Recommendation;
import dev.krr.backtest.engine.SeriesRecommender;
import dev.krr.backtest.engine.UsageSeriesInfo;
import dev.krr.backtest.trace.UsageSeries;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adapters feed the strategy service's real strategies; the expected numbers follow from the
 * rules in {@code ANCHORS.md} and the service's bucket schemes, worked out below.
 */
class DomainStrategyAdapterTest {

    static final long STEP = 300_000;
    static final double MIB = 1024.0 * 1024;
    static final StrategyCatalog CATALOG = new StrategyCatalog(Prices.openCostGcpE2());

    /** One day at 5 minutes (288 samples) of a steady 0.2 cores and 400 MiB; 1 core and 1 GiB requested = limit. */
    static UsageSeries steadyDay() {
        int n = 288;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * STEP;
        }
        return new UsageSeries("steady", "test", t, filled(n, 0.2), filled(n, 400 * MIB), filled(n, 1), filled(n, 1),
                filled(n, 1024 * MIB), filled(n, 1024 * MIB), STEP);
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    static Recommendation after(String strategy, UsageSeries s, int samples) {
        BacktestStrategy b = CATALOG.select(List.of(strategy)).get(0);
        SeriesRecommender r = b.start(new UsageSeriesInfo(s.id(), s.stepMillis()));
        if (samples > 0) {
            r.observe(s, 0, samples);
        }
        return r.recommendAt(s.timeMillis()[s.size() - 1] + STEP);
    }

    @Test
    void simpleGivesKrrNumbers() {
        Recommendation r = after("simple", steadyDay(), 288);
        // P95 of 288 points of 0.2 cores: KRR-window bucket ⌈ln(0.2/0.001)/ln 1.05⌉ = 109, upper bound
        // 0.001 × 1.05^109 = 0.204002 → rounded up to 205m; no CPU limit
        assertThat(r.cpu().request()).isEqualTo(0.205);
        assertThat(r.cpu().hasLimit()).isFalse();
        // memory request = limit = 400 MiB × 1.15 = 460 MiB
        assertThat(r.memory().request()).isEqualTo(460 * MIB);
        assertThat(r.memory().limit()).isEqualTo(460 * MIB);
    }

    @Test
    void simpleNeedsAHundredPoints() {
        Recommendation r = after("simple", steadyDay(), 99);
        assertThat(r.cpu().present()).isFalse();
        assertThat(r.cpu().reason()).isEqualTo("Not enough data");
        assertThat(after("simple", steadyDay(), 0).cpu().reason()).isEqualTo("No data");
    }

    @Test
    void simpleLimitSetsACpuLimit() {
        Recommendation r = after("simple-limit", steadyDay(), 288);
        // P66 and P96 of identical points fall in the same bucket: 205m both
        assertThat(r.cpu().request()).isEqualTo(0.205);
        assertThat(r.cpu().limit()).isEqualTo(0.205);
    }

    @Test
    void vpaGivesTargetTimesMarginAndKeepsTheLimitRatio() {
        Recommendation r = after("vpa", steadyDay(), 288);
        // VPA CPU buckets start at 0.01·(1.05^i − 1)/0.05: 0.2 lies in bucket 14 (0.19599..0.21579);
        // P90 = its upper bound 0.215786 × 1.15 = 0.248153 → 249m; current limit/request = 1 → limit 249m
        assertThat(r.cpu().request()).isEqualTo(0.249);
        assertThat(r.cpu().limit()).isEqualTo(0.249);
        // memory buckets start at 1e7·(1.05^i − 1)/0.05: 400 MiB = 419,430,400 B lies in bucket 23
        // (414,304,751..445,019,989); 445,019,989 × 1.15 = 511,772,987 B = 488.06 MiB → 489 MiB
        assertThat(r.memory().request()).isEqualTo(489 * MIB);
        assertThat(r.memory().limit()).isEqualTo(489 * MIB);
    }

    @Test
    void costAwareUsesTheCriticalFractileOfTheBacktestPrices() {
        Recommendation r = after("cost-aware", steadyDay(), 288);
        // CPU q = 0.30 / (0.30 + 0.021811) = 0.932 → decayed percentile = VPA bucket bound 0.215786 → 216m, no limit
        assertThat(r.cpu().request()).isEqualTo(0.216);
        assertThat(r.cpu().hasLimit()).isFalse();
        // memory q = 0.50 / (0.50 + 0.002923) = 0.9942, clamped to 0.99 → bound 445,019,989 B = 424.4 MiB → 425 MiB;
        // limit = max(request, 400 MiB × 1.15 = 460 MiB)
        assertThat(r.memory().request()).isEqualTo(425 * MIB);
        assertThat(r.memory().limit()).isEqualTo(460 * MIB);
    }

    @Test
    void anOomKillRaisesKrrMemoryToTheLimitAtOomPlusItsBuffer() {
        UsageSeries s = steadyDay();
        BacktestStrategy simple = CATALOG.select(List.of("simple")).get(0);
        SeriesRecommender r = simple.start(new UsageSeriesInfo(s.id(), s.stepMillis()));
        r.observe(s, 0, 288);
        // killed under a 460 MiB limit: max(400 × 1.15, 460 × 1.25) = 575 MiB
        r.oomKilled(s.timeMillis()[287], 460 * MIB);
        Recommendation after = r.recommendAt(s.timeMillis()[287] + STEP);
        assertThat(after.memory().request()).isEqualTo(575 * MIB);
    }

    @Test
    void currentBaselineRepeatsTheProvisionedCapacity() {
        Recommendation r = after("current", steadyDay(), 288);
        assertThat(r.cpu().request()).isEqualTo(1.0);
        assertThat(r.memory().limit()).isEqualTo(1024 * MIB);
        assertThat(after("current", steadyDay(), 0).complete()).isFalse();
    }

    @Test
    void catalogListsEveryStrategyAndRejectsUnknownNames() {
        assertThat(CATALOG.names()).containsExactly("current", "simple", "simple-limit", "vpa", "cost-aware");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CATALOG.select(List.of("magic")))
                .hasMessageStartingWith("--strategies names unknown strategy 'magic'");
    }
}
