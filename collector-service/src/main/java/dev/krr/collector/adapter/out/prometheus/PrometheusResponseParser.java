package dev.krr.collector.adapter.out.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a Prometheus {@code /api/v1/query} or {@code /query_range} JSON response token by token
 * (Jackson's streaming parser), straight into compact arrays: a 14-day × 300-container answer never
 * exists as a JSON tree or a String. Sample values are parsed with {@link Double#parseDouble},
 * plus Prometheus' {@code "+Inf"} and {@code "-Inf"}; deciding what
 * to do with them is the caller's job.
 */
final class PrometheusResponseParser {

    private static final JsonFactory JSON = new JsonFactory();

    private PrometheusResponseParser() {
    }

    /** Parses a whole response; {@code status: error} becomes a permanent {@link PrometheusException}. */
    static List<PrometheusSeries> parse(InputStream body) throws IOException {
        List<PrometheusSeries> out = new ArrayList<>();
        String status = null;
        String errorType = null;
        String error = null;
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "status" -> status = p.getString();
                    case "errorType" -> errorType = p.getString();
                    case "error" -> error = p.getString();
                    case "data" -> readData(p, out);
                    default -> p.skipChildren();
                }
            }
        }
        if (!"success".equals(status)) {
            throw new PrometheusException.Permanent("Prometheus answered status '" + status + "' (" + errorType + "): " + error, 200, null);
        }
        return out;
    }

    private static void readData(JsonParser p, List<PrometheusSeries> out) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, p);
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("result") && p.currentToken() == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    out.add(readSeries(p));
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static PrometheusSeries readSeries(JsonParser p) throws IOException {
        Map<String, String> labels = new HashMap<>();
        long[] ts = new long[16];
        double[] vs = new double[16];
        int n = 0;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "metric" -> {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        labels.put(k, p.getString());
                    }
                }
                case "values" -> {
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        if (n == ts.length) {
                            ts = java.util.Arrays.copyOf(ts, n * 2);
                            vs = java.util.Arrays.copyOf(vs, n * 2);
                        }
                        ts[n] = readPoint(p, vs, n);
                        n++;
                    }
                }
                case "value" -> {
                    ts[0] = readPoint(p, vs, 0);
                    n = 1;
                }
                default -> p.skipChildren();
            }
        }
        return new PrometheusSeries(labels, java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(vs, n));
    }

    /** Reads {@code [1700000000.5, "0.25"]} (cursor on its START_ARRAY); stores the value, returns ms. */
    private static long readPoint(JsonParser p, double[] values, int i) throws IOException {
        p.nextToken();
        long ms = Math.round(p.getDoubleValue() * 1000);
        p.nextToken();
        String text = p.getString();
        values[i] = value(text);
        expect(p.nextToken(), JsonToken.END_ARRAY, p);
        return ms;
    }

    /** Prometheus' sample text: a Go float, {@code NaN}, {@code +Inf} or {@code -Inf}; anything else is NaN. */
    static double value(String text) {
        switch (text) {
            case "+Inf", "Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser p) throws IOException {
        if (actual != expected) {
            throw new StreamReadException(p, "expected " + expected + " but found " + actual);
        }
    }
}
