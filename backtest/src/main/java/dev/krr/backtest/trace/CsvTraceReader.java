package dev.krr.backtest.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads krr's own backtest CSV, so users can replay their exports: a header naming the columns
 * (any order, case-insensitive), then one row per series and interval. Lines starting with
 * {@code #} and blank lines are ignored; fields are separated by commas and are not quoted.
 *
 * <pre>
 * timestamp,series,cpu_cores,memory_bytes,cpu_request_cores,cpu_limit_cores,memory_request_bytes,memory_limit_bytes
 * 2024-05-01T00:00:00Z,shop/web/app,0.25,314572800,0.5,,536870912,536870912
 * 1714521900,shop/web/app,0.31,320000000,0.5,,536870912,536870912
 * </pre>
 *
 * Required: {@code timestamp} (Unix seconds, decimals allowed, or ISO-8601 with an offset),
 * {@code series}, {@code cpu_cores}, {@code memory_bytes}. Optional: the four current
 * request/limit columns. An empty field means unknown (usage) or none (limit). A file may hold
 * many series; rows of a series need not be in order; repeated timestamps are merged as in
 * {@link SeriesAssembler}.
 */
public final class CsvTraceReader {

    public static final String TIMESTAMP = "timestamp";
    public static final String SERIES = "series";
    public static final String CPU_CORES = "cpu_cores";
    public static final String MEMORY_BYTES = "memory_bytes";
    public static final String CPU_REQUEST_CORES = "cpu_request_cores";
    public static final String CPU_LIMIT_CORES = "cpu_limit_cores";
    public static final String MEMORY_REQUEST_BYTES = "memory_request_bytes";
    public static final String MEMORY_LIMIT_BYTES = "memory_limit_bytes";
    private static final List<String> REQUIRED = List.of(TIMESTAMP, SERIES, CPU_CORES, MEMORY_BYTES);
    private static final List<String> KNOWN = List.of(TIMESTAMP, SERIES, CPU_CORES, MEMORY_BYTES, CPU_REQUEST_CORES,
            CPU_LIMIT_CORES, MEMORY_REQUEST_BYTES, MEMORY_LIMIT_BYTES);

    private final BadRowPolicy policy;

    public CsvTraceReader(BadRowPolicy policy) {
        this.policy = policy;
    }

    /** True when {@code firstLine} looks like this format's header (or a comment before it). */
    public static boolean looksLikeCsv(String firstLine) {
        String l = firstLine.trim().toLowerCase(Locale.ROOT);
        return l.startsWith("#") || (l.contains(TIMESTAMP) && l.contains(SERIES));
    }

    /** Reads every series in the file, in order of first appearance. */
    public List<UsageSeries> read(Path file, ReadStats stats) throws IOException {
        String name = file.toString();
        Map<String, SeriesAssembler> series = new LinkedHashMap<>();
        try (BufferedReader r = TraceFiles.open(file)) {
            int[] index = null;
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (index == null) {
                    index = header(trimmed, name, lineNo);
                    continue;
                }
                stats.row();
                try {
                    parseRow(trimmed, index, series, name);
                } catch (TraceFormatException e) {
                    String message = name + ":" + lineNo + ": " + e.getMessage();
                    if (policy == BadRowPolicy.FAIL) {
                        throw new TraceFormatException(message, e);
                    }
                    stats.bad(message);
                }
            }
            if (index == null) {
                throw new TraceFormatException(name + ": no header line; expected columns " + String.join(",", KNOWN));
            }
        }
        List<UsageSeries> out = new ArrayList<>(series.size());
        for (SeriesAssembler a : series.values()) {
            out.add(a.build(stats));
        }
        return out;
    }

    /** Column positions in {@link #KNOWN} order, -1 for absent optional columns. */
    private static int[] header(String line, String file, int lineNo) {
        String[] names = line.split(",", -1);
        int[] index = new int[KNOWN.size()];
        Arrays.fill(index, -1);
        for (int i = 0; i < names.length; i++) {
            String n = names[i].trim().toLowerCase(Locale.ROOT);
            int k = KNOWN.indexOf(n);
            if (k < 0) {
                throw new TraceFormatException(file + ":" + lineNo + ": unknown column '" + names[i].trim()
                        + "'; known columns are " + String.join(",", KNOWN));
            }
            if (index[k] >= 0) {
                throw new TraceFormatException(file + ":" + lineNo + ": column '" + n + "' appears twice");
            }
            index[k] = i;
        }
        for (String required : REQUIRED) {
            if (index[KNOWN.indexOf(required)] < 0) {
                throw new TraceFormatException(file + ":" + lineNo + ": missing required column '" + required
                        + "' (header: " + line + ")");
            }
        }
        return index;
    }

    private static void parseRow(String line, int[] index, Map<String, SeriesAssembler> series, String file) {
        String[] f = line.split(",", -1);
        int columns = 0;
        for (int i : index) {
            columns = Math.max(columns, i + 1);
        }
        if (f.length != columns) {
            throw new TraceFormatException("expected " + columns + " fields as in the header, found " + f.length);
        }
        long timeMillis = timestamp(f[index[0]].trim());
        String id = f[index[1]].trim();
        if (id.isEmpty()) {
            throw new TraceFormatException("column 'series' is empty");
        }
        double cpu = value(f, index, 2);
        double memory = value(f, index, 3);
        double cpuRequest = value(f, index, 4);
        double cpuLimit = value(f, index, 5);
        double memoryRequest = value(f, index, 6);
        double memoryLimit = value(f, index, 7);
        series.computeIfAbsent(id, k -> new SeriesAssembler(k, file))
                .add(timeMillis, cpu, memory, cpuRequest, cpuLimit, memoryRequest, memoryLimit);
    }

    private static long timestamp(String text) {
        if (text.isEmpty()) {
            throw new TraceFormatException("column 'timestamp' is empty");
        }
        char c = text.charAt(0);
        if (Character.isDigit(c) && text.indexOf('-') < 0) {
            try {
                double seconds = Double.parseDouble(text);
                if (Double.isFinite(seconds) && seconds >= 0) {
                    return Math.round(seconds * 1000);
                }
            } catch (NumberFormatException e) {
                // reported below with the value
            }
            throw new TraceFormatException("column 'timestamp' is neither Unix seconds nor ISO-8601: '" + text + "'");
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new TraceFormatException("column 'timestamp' is neither Unix seconds nor ISO-8601: '" + text + "'");
            }
        }
    }

    private static double value(String[] f, int[] index, int column) {
        int i = index[column];
        if (i < 0) {
            return Double.NaN;
        }
        String text = f[i].trim();
        if (text.isEmpty()) {
            return Double.NaN;
        }
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new TraceFormatException("column '" + KNOWN.get(column) + "' is not a number: '" + text + "'");
        }
        if (!Double.isFinite(d) || d < 0) {
            throw new TraceFormatException("column '" + KNOWN.get(column) + "' must be a finite number >= 0, was '" + text + "'");
        }
        return d;
    }
}
