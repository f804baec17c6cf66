package dev.krr.backtest.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.backtest.engine.Prices;
import dev.krr.backtest.engine.Recommendation;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsOverridesTest {

    static final double MIB = 1024.0 * 1024;

    @Test
    void overridesReachTheRealStrategies() {
        StrategyCatalog catalog = new StrategyCatalog(Prices.openCostGcpE2(), SettingsOverrides.parse(List.of(
                "simple.memory_buffer_percentage=50", "vpa.safety_margin_fraction=0", "simple.history=7d")));
        assertThat(catalog.select(List.of("simple")).get(0).settings()).contains("memory_buffer_percentage=50", "history=PT168H");

        var series = DomainStrategyAdapterTest.steadyDay();
        var simple = catalog.select(List.of("simple")).get(0).start(new dev.krr.backtest.engine.UsageSeriesInfo("s", 300_000));
        simple.observe(series, 0, 288);
        Recommendation r = simple.recommendAt(288 * 300_000L);
        // 400 MiB × 1.5 = 600 MiB instead of × 1.15
        assertThat(r.memory().request()).isEqualTo(600 * MIB);
        var vpa = catalog.select(List.of("vpa")).get(0).start(new dev.krr.backtest.engine.UsageSeriesInfo("s", 300_000));
        vpa.observe(series, 0, 288);
        // no margin: the bucket bound 0.215786 → 216m instead of 249m
        assertThat(vpa.recommendAt(288 * 300_000L).cpu().request()).isEqualTo(0.216);
    }

    @Test
    void badOverridesNameWhatIsWrong() {
        assertThatThrownBy(() -> SettingsOverrides.parse(List.of("vpa=1")))
                .hasMessage("--set must look like strategy.key=value, was 'vpa=1'");
        assertThatThrownBy(() -> new StrategyCatalog(Prices.openCostGcpE2(), SettingsOverrides.parse(List.of("vpa.margin=1"))))
                .hasMessageStartingWith("--set vpa.margin: unknown setting; known: [lower_bound_percentile,");
        assertThatThrownBy(() -> new StrategyCatalog(Prices.openCostGcpE2(), SettingsOverrides.parse(List.of("magic.x=1"))))
                .hasMessageStartingWith("--set magic.x: no strategy 'magic' has settings; known: [cost-aware, simple, simple-limit, vpa]");
        assertThatThrownBy(() -> new StrategyCatalog(Prices.openCostGcpE2(), SettingsOverrides.parse(List.of("simple.allow_hpa=yes"))))
                .hasMessage("--set simple.allow_hpa must be true or false, was 'yes'");
        assertThatThrownBy(() -> new StrategyCatalog(Prices.openCostGcpE2(), SettingsOverrides.parse(List.of("cost-aware.min_quantile=high"))))
                .hasMessage("--set cost-aware.min_quantile must be a number, was 'high'");
        // the domain's own validation still applies
        assertThatThrownBy(() -> new StrategyCatalog(Prices.openCostGcpE2(), SettingsOverrides.parse(List.of("vpa.target_percentile=2"))))
                .hasMessageContaining("VPA percentiles must be in (0, 1]");
    }
}
