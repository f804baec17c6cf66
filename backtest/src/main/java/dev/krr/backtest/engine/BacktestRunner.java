package dev.krr.backtest.engine;

import dev.krr.backtest.trace.ReadStats;
import dev.krr.backtest.trace.TraceFormatException;
import dev.krr.backtest.trace.TraceSource;
import dev.krr.backtest.trace.UsageSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Backtests many trace files, one file per task on a fixed pool: each task reads its file,
 * replays every series in it through every strategy and keeps only the scores, so memory stays at
 * a few series per thread whatever the number of files. Results come back in file order, so two
 * runs over the same files print the same table.
 */
public final class BacktestRunner {

    private final WalkForwardBacktest backtest;
    private final List<BacktestStrategy> strategies;
    private final TraceSource source;
    private final int threads;

    public BacktestRunner(BacktestSettings settings, List<BacktestStrategy> strategies, TraceSource source, int threads) {
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("at least one strategy is needed");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, was " + threads);
        }
        this.backtest = new WalkForwardBacktest(settings);
        this.strategies = List.copyOf(strategies);
        this.source = source;
        this.threads = threads;
    }

    public BacktestResult run(List<Path> files) throws IOException {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "backtest");
            t.setDaemon(true);
            return t;
        });
        List<Future<FileResult>> futures = new ArrayList<>(files.size());
        try {
            for (Path f : files) {
                futures.add(pool.submit(() -> runFile(f)));
            }
            List<SeriesScore> scores = new ArrayList<>();
            ReadStats stats = new ReadStats();
            int seriesCount = 0;
            long samples = 0;
            for (Future<FileResult> future : futures) {
                FileResult r = join(future);
                scores.addAll(r.scores);
                stats.addAll(r.stats);
                seriesCount += r.series;
                samples += r.samples;
            }
            Map<String, List<SeriesScore>> byStrategy = new LinkedHashMap<>();
            for (BacktestStrategy s : strategies) {
                byStrategy.put(s.name(), new ArrayList<>());
            }
            for (SeriesScore s : scores) {
                byStrategy.get(s.strategy()).add(s);
            }
            List<StrategySummary> summaries = new ArrayList<>();
            for (BacktestStrategy s : strategies) {
                summaries.add(StrategySummary.of(s.name(), s.settings(), byStrategy.get(s.name())));
            }
            return new BacktestResult(files.size(), seriesCount, samples, stats, scores, summaries,
                    (System.nanoTime() - started) / 1_000_000);
        } finally {
            pool.shutdownNow();
        }
    }

    private FileResult runFile(Path file) {
        ReadStats stats = new ReadStats();
        List<UsageSeries> all;
        try {
            all = source.read(file, stats);
        } catch (IOException e) {
            throw new TraceFormatException(file + ": cannot be read: " + e);
        }
        List<SeriesScore> scores = new ArrayList<>();
        long samples = 0;
        for (UsageSeries s : all) {
            scores.addAll(backtest.run(s, strategies));
            samples += s.size();
        }
        return new FileResult(scores, stats, all.size(), samples);
    }

    private static FileResult join(Future<FileResult> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backtesting", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException uio) {
                throw uio.getCause();
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        }
    }

    private record FileResult(List<SeriesScore> scores, ReadStats stats, int series, long samples) {
    }

    /**
     * Everything a report needs.
     *
     * @param files trace files read
     * @param series series replayed
     * @param samples samples (after merging repeated timestamps) replayed
     * @param readStats what the readers skipped or merged
     * @param scores one per series and strategy, in file order
     * @param summaries one per strategy, in the order given
     * @param elapsedMillis wall time of the run
     */
    public record BacktestResult(int files, int series, long samples, ReadStats readStats, List<SeriesScore> scores,
                                 List<StrategySummary> summaries, long elapsedMillis) {
    }
}
