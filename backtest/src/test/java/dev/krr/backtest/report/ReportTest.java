package dev.krr.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.backtest.engine.Distribution;
import dev.krr.backtest.engine.Prices;
import dev.krr.backtest.engine.StrategySummary;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportTest {

    static Distribution mean(double m) {
        return new Distribution(10, m, m, m, m);
    }

    /** A summary with the given means: CPU under-provisioning, OOM, CPU slack, memory slack. */
    static StrategySummary summary(String name, double under, double oom, double cpuSlack, double memorySlack) {
        return new StrategySummary(name, "", 10, 1.0, mean(under), Distribution.EMPTY, mean(oom), 0.5, mean(cpuSlack),
                mean(memorySlack), mean(memorySlack), mean(0.5), 0.5, 1234.5, Map.of("Not enough data", 3));
    }

    @Test
    void tableShowsPercentagesMoneyAndReasons() {
        String table = TableRenderer.render(List.of(summary("simple", 0.0318, 0.0009, 0.5237, 0.8096)), Prices.openCostGcpE2());
        assertThat(table).containsPattern("\\| simple +\\|").contains("3.18%").contains("0.09%").contains("52.37%").contains("1,234.50")
                .contains(" cpu_throttled_rate |").contains("n/a").contains("Not enough data: 3");
        assertThat(TableRenderer.pct(-0.0000001)).isEqualTo("0.00%");
    }

    @Test
    void goalCheckSaysWhereTheCandidateFallsShort() {
        List<StrategySummary> s = List.of(
                summary("simple", 0.0318, 0.0009, 0.5237, 0.8096),
                summary("vpa", 0.0231, 0.0019, 0.5893, 0.8231),
                summary("cost-aware", 0.0310, 0.0009, 0.5233, 0.8100));
        String v = GoalCheck.render(s, "cost-aware", List.of("simple", "vpa")).orElseThrow();
        // vs simple: CPU slack lower, memory slack higher (81.00 > 80.96) → does not beat
        assertThat(v).contains("cost-aware vs simple: does NOT beat it.")
                .contains("Worse: memory slack 81.000% vs 80.960%, memory request slack (not part of the verdict) 81.000% vs 80.960%.");
        // vs vpa: less slack and OOM, but CPU under-provisioning 3.10% > 2.31%
        assertThat(v).contains("cost-aware vs vpa: does NOT beat it.").contains("Worse: CPU under-provisioning 3.100% vs 2.310%.");

        List<StrategySummary> better = List.of(summary("simple", 0.03, 0.001, 0.5, 0.8), summary("cost-aware", 0.03, 0.001, 0.4, 0.7));
        assertThat(GoalCheck.render(better, "cost-aware", List.of("simple", "vpa")).orElseThrow())
                .startsWith("cost-aware vs simple: BEATS it");
        assertThat(GoalCheck.render(better, "magic", List.of("simple"))).isEmpty();
    }

    @Test
    void plotPutsEachStrategyWhereItsMeansAre() throws Exception {
        // OOM 0.01 and 0.02 → 0.02 × 1.15 / 5 = 0.0046 → step 0.005, axis to 0.025; memory slack 0.8 and 0.5
        String svg = SlackOomPlot.render(List.of(summary("a", 0.1, 0.01, 0.5, 0.8), summary("b", 0.2, 0.02, 0.25, 0.5)), "t & u");
        NodeList circles = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getElementsByTagName("circle");
        assertThat(circles.getLength()).isEqualTo(4);
        Element a = (Element) circles.item(0);
        // left panel: plot x from 70 over 390 px, y from 40 over 300 px:
        // x = 70 + 390 × 0.01/0.025 = 226.0; y = 40 + 300 − 300 × 0.8 = 100.0
        assertThat(a.getAttribute("cx")).isEqualTo("226.0");
        assertThat(a.getAttribute("cy")).isEqualTo("100.0");
        assertThat(svg).contains("t &amp; u");
    }

    @Test
    void axisStepsAreRound() {
        assertThat(SlackOomPlot.niceStep(0.00044)).isCloseTo(0.0005, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(SlackOomPlot.niceStep(0.037)).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(SlackOomPlot.niceStep(0.02)).isCloseTo(0.02, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(SlackOomPlot.tick(0.001, 0.0005)).isEqualTo("0.10%");
        assertThat(SlackOomPlot.tick(0.00075, 0.00025)).isEqualTo("0.075%");
        assertThat(SlackOomPlot.tick(0.075, 0.025)).isEqualTo("7.5%");
        assertThat(SlackOomPlot.tick(0.4, 0.2)).isEqualTo("40%");
    }
}
