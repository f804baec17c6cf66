package dev.krr.backtest;

import dev.krr.backtest.engine.BacktestRunner;
import dev.krr.backtest.engine.BacktestRunner.BacktestResult;
import dev.krr.backtest.engine.BacktestSettings;
import dev.krr.backtest.engine.BacktestSettings.NoRecommendationPolicy;
import dev.krr.backtest.engine.BacktestStrategy;
import dev.krr.backtest.engine.DurationText;
import dev.krr.backtest.engine.Prices;
import dev.krr.backtest.report.CsvReportWriter;
import dev.krr.backtest.report.GoalCheck;
import dev.krr.backtest.report.SlackOomPlot;
import dev.krr.backtest.report.TableRenderer;
import dev.krr.backtest.strategies.SettingsOverrides;
import dev.krr.backtest.strategies.StrategyCatalog;
import dev.krr.backtest.trace.BadRowPolicy;
import dev.krr.backtest.trace.TraceFiles;
import dev.krr.backtest.trace.TraceFormatException;
import dev.krr.backtest.trace.TraceSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar krr-backtest.jar --traces DIR --out DIR}: reads the traces, replays every series
 * through the chosen strategies walking forward a day at a time, prints the table and writes
 * {@code per-series.csv}, {@code aggregate.csv} and {@code slack-vs-oom.svg}. Exit code 0 on
 * success, 2 on bad input (one line naming the file, line or flag).
 */
@Command(name = "krr-backtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Backtests krr's strategies on usage traces (Bitbrains or krr CSV) and prints slack, OOM, "
                + "under-provisioning and savings per strategy.")
public final class BacktestCommand implements Callable<Integer> {

    @Option(names = "--traces", required = true, description = "A trace file or a directory of *.csv / *.csv.gz files.")
    Path traces;

    @Option(names = "--out", defaultValue = "target/backtest", description = "Directory for the CSVs and the SVG (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--format", defaultValue = "auto", description = "auto, bitbrains or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--on-bad-row", defaultValue = "fail", description = "fail (stop at the first bad row) or skip (count it and go on) (default: ${DEFAULT-VALUE}).")
    String onBadRow;

    @Option(names = "--strategies", split = ",", description = "Strategies to run, comma-separated (default: all of current,simple,simple-limit,vpa,cost-aware).")
    List<String> strategies;

    @Option(names = "--set", paramLabel = "STRATEGY.KEY=VALUE",
            description = "Override a strategy setting (repeatable), e.g. cost-aware.cpu_under_provisioning_cost_per_vcpu_hour=1.0; keys as printed under the table.")
    List<String> overrides;

    @Option(names = "--period", defaultValue = "1d", description = "Recommend every period, score the next (default: ${DEFAULT-VALUE}; e.g. 12h, 1d, PT6H).")
    String period;

    @Option(names = "--warmup", defaultValue = "1d", description = "History before the first scored period (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--when-no-recommendation", defaultValue = "keep-current",
            description = "keep-current (the container keeps its current request/limit) or skip (left out of the metrics) (default: ${DEFAULT-VALUE}).")
    String whenNoRecommendation;

    @Option(names = "--cpu-price-per-core-hour", defaultValue = "0.021811", description = "Money per vCPU-hour (default: ${DEFAULT-VALUE}, OpenCost GCP E2).")
    double cpuPrice;

    @Option(names = "--memory-price-per-gib-hour", defaultValue = "0.002923", description = "Money per GiB-hour (default: ${DEFAULT-VALUE}, OpenCost GCP E2).")
    double memoryPrice;

    @Option(names = "--currency", defaultValue = "USD", description = "Currency label of the prices (default: ${DEFAULT-VALUE}).")
    String currency;

    @Option(names = "--threads", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--candidate", defaultValue = "cost-aware",
            description = "Strategy checked against simple and vpa: less slack at no higher OOM and under-provisioning rates? (default: ${DEFAULT-VALUE}).")
    String candidate;

    @Option(names = "--no-oom-feedback", description = "Do not report the OOM kills a recommendation would cause back to the strategy.")
    boolean noOomFeedback;

    @Option(names = "--no-plot", description = "Do not write the SVG plot.")
    boolean noPlot;

    private final PrintStream stdout;

    public BacktestCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs the command; returns the exit code. */
    public static int execute(PrintStream stdout, PrintStream stderr, String... args) {
        CommandLine cl = new CommandLine(new BacktestCommand(stdout));
        cl.setOut(new java.io.PrintWriter(stdout, true));
        cl.setErr(new java.io.PrintWriter(stderr, true));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof TraceFormatException || e instanceof IllegalArgumentException) {
                stderr.println("krr-backtest: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Prices prices = new Prices(cpuPrice, memoryPrice, currency);
        BacktestSettings settings = new BacktestSettings(duration("--period", period), duration("--warmup", warmup),
                policy(whenNoRecommendation), prices, !noOomFeedback);
        StrategyCatalog catalog = new StrategyCatalog(prices,
                SettingsOverrides.parse(overrides == null ? List.of() : overrides));
        List<BacktestStrategy> chosen = catalog.select(strategies == null || strategies.isEmpty() ? catalog.names() : strategies);
        TraceSource source = new TraceSource(TraceSource.Format.parse(format), badRows(onBadRow));
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        List<Path> files = TraceFiles.list(traces);
        BacktestResult result = new BacktestRunner(settings, chosen, source, workers).run(files);

        stdout.printf(Locale.ROOT, "krr backtest: %d files, %d series, %d samples, %d strategies, %d threads, %.1f s%n",
                result.files(), result.series(), result.samples(), chosen.size(), workers, result.elapsedMillis() / 1000.0);
        stdout.println("input: " + result.readStats());
        result.readStats().messages().forEach(m -> stdout.println("  skipped " + m));
        stdout.printf(Locale.ROOT, "walk-forward: recommend every %s after a %s warm-up, score the next %s; "
                + "without a recommendation: %s; OOM feedback: %s; prices %s %.6f/vCPU-h, %.6f/GiB-h%n%n",
                settings.period(), settings.warmup(), settings.period(), whenNoRecommendation, settings.oomFeedback() ? "on" : "off", currency, cpuPrice, memoryPrice);
        stdout.print(TableRenderer.render(result.summaries(), prices));
        stdout.println();
        GoalCheck.render(result.summaries(), candidate, List.of("simple", "vpa")).ifPresent(v -> {
            stdout.print(v);
            stdout.println();
        });
        for (BacktestStrategy s : chosen) {
            stdout.println("settings " + s.name() + ": " + s.settings());
        }
        CsvReportWriter.write(out, result.scores(), result.summaries());
        stdout.println();
        stdout.println("wrote " + out.resolve(CsvReportWriter.PER_SERIES) + ", " + out.resolve(CsvReportWriter.AGGREGATE));
        if (!noPlot) {
            Path svg = out.resolve(SlackOomPlot.FILE);
            SlackOomPlot.write(svg, result.summaries(), "krr backtest: " + result.series() + " series from " + traces.getFileName());
            stdout.println("wrote " + svg);
        }
        return 0;
    }

    static Duration duration(String flag, String text) {
        return DurationText.parse(flag, text);
    }

    static NoRecommendationPolicy policy(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "keep-current":
                return NoRecommendationPolicy.KEEP_CURRENT;
            case "skip":
                return NoRecommendationPolicy.SKIP;
            default:
                throw new IllegalArgumentException("--when-no-recommendation must be keep-current or skip, was '" + text + "'");
        }
    }

    static BadRowPolicy badRows(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "fail":
                return BadRowPolicy.FAIL;
            case "skip":
                return BadRowPolicy.SKIP;
            default:
                throw new IllegalArgumentException("--on-bad-row must be fail or skip, was '" + text + "'");
        }
    }
}
