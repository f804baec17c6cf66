package dev.krr.backtest.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Finds trace files and opens them: a directory yields its {@code *.csv} and {@code *.csv.gz}
 * files (not recursing, in natural order, so {@code 2.csv.gz} comes before {@code 10.csv.gz}); a
 * file yields itself. Gzip is recognised by the {@code .gz} suffix.
 */
public final class TraceFiles {

    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");

    private TraceFiles() {
    }

    /** The trace files at {@code path}; a clear error when there are none. */
    public static List<Path> list(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new TraceFormatException("--traces " + path + " is neither a file nor a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(path)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".csv") || n.endsWith(".csv.gz");
                    })
                    .sorted(Comparator.comparing(TraceFiles::naturalKey).thenComparing(p -> p.getFileName().toString()))
                    .collect(Collectors.toList());
        }
        if (files.isEmpty()) {
            throw new TraceFormatException("--traces " + path + " holds no *.csv or *.csv.gz file");
        }
        return files;
    }

    private static Long naturalKey(Path p) {
        Matcher m = LEADING_NUMBER.matcher(p.getFileName().toString());
        return m.find() && m.group(1).length() < 18 ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    /** A UTF-8 reader over the file, gunzipping {@code *.gz}. */
    public static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The file name without {@code .gz} and {@code .csv}: {@code 17.csv.gz} → {@code 17}. */
    public static String baseName(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".csv")) {
            n = n.substring(0, n.length() - 4);
        }
        return n;
    }

    /** The first line of the file (gunzipped), or an empty string for an empty file. */
    public static String firstLine(Path file) throws IOException {
        try (BufferedReader r = open(file)) {
            String line = r.readLine();
            return line == null ? "" : line;
        }
    }
}
