package dev.krr.backtest.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads any supported trace file, choosing the format by flag or by its first line: a Bitbrains
 * header ({@code Timestamp [ms];…}) or krr's CSV header ({@code timestamp,series,…}).
 */
public final class TraceSource {

    /** Which reader to use. */
    public enum Format {
        AUTO, BITBRAINS, CSV;

        /** Parses a flag value, naming the accepted values when it is wrong. */
        public static Format parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--format must be auto, bitbrains or csv, was '" + text + "'");
            }
        }
    }

    private final Format format;
    private final BitbrainsTraceReader bitbrains;
    private final CsvTraceReader csv;

    public TraceSource(Format format, BadRowPolicy policy) {
        this.format = format;
        this.bitbrains = new BitbrainsTraceReader(policy);
        this.csv = new CsvTraceReader(policy);
    }

    /** All series in {@code file}; counts go to {@code stats}. */
    public List<UsageSeries> read(Path file, ReadStats stats) throws IOException {
        Format f = format;
        if (f == Format.AUTO) {
            String first = TraceFiles.firstLine(file);
            if (BitbrainsTraceReader.looksLikeBitbrains(first)) {
                f = Format.BITBRAINS;
            } else if (CsvTraceReader.looksLikeCsv(first)) {
                f = Format.CSV;
            } else {
                throw new TraceFormatException(file + ":1: cannot tell the format from the first line '"
                        + (first.length() > 80 ? first.substring(0, 80) + "…" : first)
                        + "'; expected a Bitbrains header (Timestamp [ms];…) or timestamp,series,cpu_cores,memory_bytes; "
                        + "or pass --format");
            }
        }
        return f == Format.BITBRAINS ? List.of(bitbrains.read(file, stats)) : csv.read(file, stats);
    }
}
