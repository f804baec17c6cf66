package dev.krr.pricing.adapter.out.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CSV file read into rows addressed by header name, each remembering its 1-based line number
 * so that errors point at the line. Understands RFC 4180 quoting (fields with commas or quotes
 * in double quotes, {@code ""} for a quote), skips blank lines and lines starting with {@code #}.
 */
public final class CsvTable {

    private final List<String> header;
    private final List<Row> rows;

    private CsvTable(List<String> header, List<Row> rows) {
        this.header = header;
        this.rows = rows;
    }

    static CsvTable read(BufferedReader reader) throws IOException {
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = split(line, lineNumber);
            if (header == null) {
                header = fields.stream().map(f -> f.trim().toLowerCase(Locale.ROOT)).toList();
                for (int i = 0; i < header.size(); i++) {
                    index.put(header.get(i), i);
                }
                continue;
            }
            rows.add(new Row(lineNumber, fields, index));
        }
        return new CsvTable(header == null ? List.of() : header, rows);
    }

    List<String> header() {
        return header;
    }

    List<Row> rows() {
        return rows;
    }

    /** The fields of one line; an unterminated quote is an error naming the line. */
    public static List<String> split(String line, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + lineNumber + ": unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }

    /** One data line. */
    record Row(int line, List<String> fields, Map<String, Integer> index) {

        /** The trimmed value of a column, empty when the column or the cell is missing or blank. */
        Optional<String> get(String column) {
            Integer i = index.get(column);
            if (i == null || i >= fields.size()) {
                return Optional.empty();
            }
            String value = fields.get(i).trim();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        String require(String column) {
            return get(column).orElseThrow(() -> new IllegalArgumentException("line " + line + ": column '" + column + "' is empty"));
        }
    }
}
