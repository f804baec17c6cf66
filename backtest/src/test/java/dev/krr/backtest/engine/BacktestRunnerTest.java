package dev.krr.backtest.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.backtest.trace.BadRowPolicy;
import dev.krr.backtest.trace.TraceFiles;
import dev.krr.backtest.trace.TraceSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestRunnerTest {

    @TempDir
    Path dir;

    /** 40 series of 3 days at 6 h in one CSV file, and one more file with one series. */
    List<Path> files() throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,series,cpu_cores,memory_bytes,cpu_request_cores,memory_request_bytes\n");
        for (int s = 0; s < 40; s++) {
            for (int i = 0; i < 12; i++) {
                sb.append(i * 6 * 3600).append(",s").append(s).append(',').append(0.1 * (1 + (s + i) % 7)).append(',')
                        .append(1_000_000 * (1 + s % 5)).append(",1,100000000\n");
            }
        }
        Files.writeString(dir.resolve("1.csv"), sb.toString());
        Files.writeString(dir.resolve("2.csv"), "timestamp,series,cpu_cores,memory_bytes\n0,last,0.5,1\n");
        return TraceFiles.list(dir);
    }

    BacktestRunner.BacktestResult run(int threads) throws IOException {
        ScriptedStrategy strategy = new ScriptedStrategy(Recommendation.of(0.3, Double.NaN, 2_000_000, Double.NaN));
        return new BacktestRunner(BacktestSettings.defaults(), List.of(strategy),
                new TraceSource(TraceSource.Format.AUTO, BadRowPolicy.FAIL), threads).run(files());
    }

    @Test
    void resultsKeepFileAndSeriesOrderWhateverTheThreads() throws IOException {
        BacktestRunner.BacktestResult one = run(1);
        BacktestRunner.BacktestResult two = run(2);
        assertThat(one.series()).isEqualTo(41);
        assertThat(one.samples()).isEqualTo(40 * 12 + 1);
        assertThat(one.scores()).extracting(SeriesScore::seriesId).startsWith("s0", "s1", "s2").endsWith("s39", "last");
        assertThat(two.scores()).isEqualTo(one.scores());
        // usage cycles over 0.1..0.7 cores against a 0.3-core request; day 1 and day 2 are scored
        assertThat(one.summaries().get(0).cpuUnderProvisioned().n()).isEqualTo(40);
    }

    @Test
    void aBadRowInAnyFileStopsTheRunWithItsMessage() throws IOException {
        files();
        Files.writeString(dir.resolve("3.csv"), "timestamp,series,cpu_cores,memory_bytes\n0,x,-1,1\n");
        BacktestRunner runner = new BacktestRunner(BacktestSettings.defaults(),
                List.of(new ScriptedStrategy(Recommendation.none("n/a"))), new TraceSource(TraceSource.Format.AUTO, BadRowPolicy.FAIL), 2);
        assertThatThrownBy(() -> runner.run(TraceFiles.list(dir)))
                .hasMessage(dir.resolve("3.csv") + ":2: column 'cpu_cores' must be a finite number >= 0, was '-1'");
        assertThatThrownBy(() -> new BacktestRunner(BacktestSettings.defaults(), List.of(), null, 1))
                .hasMessage("at least one strategy is needed");
    }
}
