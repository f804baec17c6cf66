package dev.krr.collector.benchmark;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Produces the TSDB of {@link CollectorVsKrrBenchmark} faster than one promtool run over one big
 * file: promtool's {@code create-blocks-from openmetrics} parses its whole input once per output
 * block (three times for 14 days in 168 h blocks), so the samples are written into one file per
 * epoch-aligned 168 h block instead, and the files are converted by {@code parallel} promtool
 * processes into separate directories whose blocks are then moved into {@code <dir>/data}.
 * Run it once, then point the benchmark at {@code dir}.
 *
 * <p>Arguments: {@code dir pods days scrapeSeconds parallel}.
 */
public final class BenchmarkData {

    static final Duration BLOCK = Duration.ofHours(168);

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int pods = Integer.parseInt(args[1]);
        int days = Integer.parseInt(args[2]);
        int scrape = Integer.parseInt(args[3]);
        int parallel = Integer.parseInt(args[4]);
        Files.createDirectories(dir.resolve("data"));
        Instant start = CollectorVsKrrBenchmark.END.minus(Duration.ofDays(days));
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Future<?>> runs = new ArrayList<>();
        // Each file goes to promtool as soon as it is complete, while the next one is written.
        write(dir, pods, start, scrape, f -> {
            runs.add(pool.submit(() -> {
                Path out = dir.resolve(f.getFileName() + ".blocks");
                Process p = new ProcessBuilder("/usr/bin/promtool", "tsdb", "create-blocks-from", "openmetrics",
                        "--max-block-duration=168h", f.toString(), out.toString()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve(f.getFileName() + ".log").toFile()).start();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("promtool failed on " + f + ", see its .log");
                }
                try (Stream<Path> blocks = Files.list(out)) {
                    for (Path b : blocks.toList()) {
                        Files.move(b, dir.resolve("data").resolve(b.getFileName()));
                    }
                }
                Files.delete(out);
                Files.delete(f);
                return null;
            }));
        });
        for (Future<?> r : runs) {
            r.get();
        }
        pool.shutdown();
        System.out.printf("%d pods x %d days written and converted (%d promtool in parallel) in %.0f s%n", pods, days, parallel,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The benchmark's samples, one OpenMetrics file per epoch-aligned 168 h block. */
    static void write(Path dir, int pods, Instant start, int scrape, java.util.function.Consumer<Path> completed) throws IOException {
        Path[] file = {null};
        long blockSeconds = BLOCK.toSeconds();
        long[] currentBlock = {Long.MIN_VALUE};
        Writer[] current = {null};
        CollectorVsKrrBenchmark.write((t, chunk) -> {
            long block = Math.floorDiv(t, blockSeconds);
            if (block != currentBlock[0]) {
                if (current[0] != null) {
                    current[0].write("# EOF\n");
                    current[0].close();
                    completed.accept(file[0]);
                }
                Path f = dir.resolve("block-" + block + ".om");
                file[0] = f;
                current[0] = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
                currentBlock[0] = block;
            }
            current[0].write(chunk);
        }, pods, start, scrape);
        if (current[0] != null) {
            current[0].write("# EOF\n");
            current[0].close();
            completed.accept(file[0]);
        }
    }
}
