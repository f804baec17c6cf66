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
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Backtests many trace files, one file per task on a fork-join pool of {@code threads}: each task
 * reads its file, replays every series in it through every strategy and keeps only the scores, so
 * memory stays at a few series per thread whatever the number of files. A file holding many
 * series (a user's CSV export) fans its series out over the same pool. Results come back in file
 * and series order, so two runs over the same files print the same table whatever the threads.
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
        ForkJoinPool pool = new ForkJoinPool(threads);
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
        // many series in one file (a user's export) fan out over the same pool; order is kept
        Stream<UsageSeries> series = all.size() > 1 ? all.parallelStream() : all.stream();
        List<SeriesScore> scores = series.flatMap(s -> backtest.run(s, strategies).stream()).collect(Collectors.toList());
        long samples = all.stream().mapToLong(UsageSeries::size).sum();
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
            // fork-join re-creates an exception thrown on another thread around the original: unwrap it
            while (c != null && c.getCause() != null && c.getCause().getClass() == c.getClass()
                    && (c.getMessage() == null || c.getMessage().equals(c.getCause().toString()))) {
                c = c.getCause();
            }
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
