package dev.krr.backtest.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one VM of the Bitbrains GWA-T-12 trace ({@code N.csv.gz}) as one container's usage.
 *
 * <p>Mapping (per {@code traces/README.md}): CPU cores used = usage MHz / (capacity MHz / cores),
 * e.g. 87.78 MHz on 2 cores of 5,852 MHz total → 87.78 / 2,926 = 0.0300 cores; memory = usage KB ×
 * 1024; the current request and limit are the provisioned capacity (cores, and capacity KB × 1024).
 *
 * <p>Quirks it handles: the timestamp column says {@code [ms]} but holds Unix seconds (a value of
 * 10^11 or more would be a year past 5000 as seconds, so it is taken as milliseconds); fields are
 * separated by {@code ;} plus a tab (whitespace around fields is ignored); rows with 0 cores or 0
 * CPU capacity belong to a VM that was not running and carry no CPU measurement, so they are
 * skipped and counted; a row with 0 memory capacity leaves the memory request unknown for that
 * interval; repeated timestamps are merged (see {@link SeriesAssembler}); irregular steps are kept
 * as they are.
 */
public final class BitbrainsTraceReader {

    static final String[] COLUMNS = {"Timestamp", "CPU cores", "CPU capacity provisioned [MHZ]", "CPU usage [MHZ]",
            "CPU usage [%]", "Memory capacity provisioned [KB]", "Memory usage [KB]"};
    private static final double SECONDS_LIMIT = 1e11;

    private final BadRowPolicy policy;

    public BitbrainsTraceReader(BadRowPolicy policy) {
        this.policy = policy;
    }

    /** True when {@code firstLine} is a Bitbrains header. */
    public static boolean looksLikeBitbrains(String firstLine) {
        return firstLine.startsWith("Timestamp [ms];");
    }

    /** Reads the file as one series named after it ({@code 17.csv.gz} → {@code "17"}). */
    public UsageSeries read(Path file, ReadStats stats) throws IOException {
        String name = file.toString();
        SeriesAssembler series = new SeriesAssembler(TraceFiles.baseName(file), name);
        try (BufferedReader r = TraceFiles.open(file)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || (lineNo == 1 && line.startsWith("Timestamp"))) {
                    continue;
                }
                stats.row();
                try {
                    parseRow(line, series, stats);
                } catch (TraceFormatException e) {
                    String message = name + ":" + lineNo + ": " + e.getMessage();
                    if (policy == BadRowPolicy.FAIL) {
                        throw new TraceFormatException(message, e);
                    }
                    stats.bad(message);
                }
            }
        }
        return series.build(stats);
    }

    private static void parseRow(String line, SeriesAssembler series, ReadStats stats) {
        double[] v = new double[COLUMNS.length];
        int field = 0;
        int start = 0;
        int len = line.length();
        while (field < COLUMNS.length && start <= len) {
            int end = line.indexOf(';', start);
            if (end < 0) {
                end = len;
            }
            v[field] = number(line, start, end, field);
            field++;
            start = end + 1;
        }
        if (field < COLUMNS.length) {
            throw new TraceFormatException("expected at least " + COLUMNS.length + " fields separated by ';', found " + field);
        }
        double ts = v[0];
        if (ts != Math.floor(ts)) {
            throw new TraceFormatException("column 'Timestamp' must be whole seconds, was " + ts);
        }
        long timeMillis = ts >= SECONDS_LIMIT ? (long) ts : (long) ts * 1000;
        double cores = v[1];
        double capacityMhz = v[2];
        if (cores == 0 || capacityMhz == 0) {
            stats.unprovisioned();
            return;
        }
        double cpuCores = v[3] / (capacityMhz / cores);
        double memoryBytes = v[6] * 1024;
        double memoryCapacityBytes = v[5] == 0 ? Double.NaN : v[5] * 1024;
        series.add(timeMillis, cpuCores, memoryBytes, cores, cores, memoryCapacityBytes, memoryCapacityBytes);
    }

    private static double number(String line, int from, int to, int column) {
        double d;
        try {
            d = DecimalParser.parse(line, from, to);
        } catch (NumberFormatException e) {
            throw new TraceFormatException("column '" + COLUMNS[column] + "' is not a number: '" + line.substring(from, to).trim() + "'");
        }
        if (!Double.isFinite(d) || d < 0) {
            throw new TraceFormatException("column '" + COLUMNS[column] + "' must be a finite number >= 0, was '"
                    + line.substring(from, to).trim() + "'");
        }
        return d;
    }
}
