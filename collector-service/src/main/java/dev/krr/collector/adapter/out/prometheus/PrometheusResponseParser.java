package dev.krr.collector.adapter.out.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a Prometheus {@code /api/v1/query} or {@code /query_range} JSON response token by token
 * (Jackson's streaming parser), either straight into compact arrays ({@link #parse}) or, for raw
 * samples whose answer can hold millions of points, point by point into a {@link SeriesVisitor}
 * ({@link #stream}) so that nothing of the size of the answer is ever held: a 24 h × 3,000-container
 * answer never exists as a JSON tree, a String or an array. Sample values are parsed with
 * {@link Double#parseDouble}, plus Prometheus' {@code "+Inf"} and {@code "-Inf"}; deciding what
 * to do with them is the caller's job.
 */
final class PrometheusResponseParser {

    private static final JsonFactory JSON = new JsonFactory();

    private PrometheusResponseParser() {
    }

    /** Receives the series of a response one by one, each series' points in the order Prometheus sent them. */
    interface SeriesVisitor {

        /** Receives one series' points; {@code null} skips the series. */
        PointSink series(Map<String, String> labels);
    }

    /** The points of one series. */
    interface PointSink {
        void point(long timestampMillis, double value);

        /** The series has no more points. */
        default void end() {
        }
    }

    /** Parses a whole response; {@code status: error} becomes a permanent {@link PrometheusException}. */
    static List<PrometheusSeries> parse(InputStream body) throws IOException {
        List<PrometheusSeries> out = new ArrayList<>();
        stream(body, labels -> arraySink(labels, out));
        return out;
    }

    /**
     * Streams a whole response into {@code visitor}; {@code status: error} becomes a permanent
     * {@link PrometheusException} (after the points, if any, were visited).
     */
    static void stream(InputStream body, SeriesVisitor visitor) throws IOException {
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
                    case "data" -> readData(p, visitor);
                    default -> p.skipChildren();
                }
            }
        }
        if (!"success".equals(status)) {
            throw new PrometheusException.Permanent("Prometheus answered status '" + status + "' (" + errorType + "): " + error, 200, null);
        }
    }

    private static void readData(JsonParser p, SeriesVisitor visitor) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, p);
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("result") && p.currentToken() == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    readSeries(p, visitor);
                }
            } else {
                p.skipChildren();
            }
        }
    }

    /**
     * One element of {@code result}. Prometheus writes {@code metric} before {@code values}; for a
     * backend that does not, the points seen before the labels are kept and replayed.
     */
    private static void readSeries(JsonParser p, SeriesVisitor visitor) throws IOException {
        PointSink sink = null;
        boolean labelsSeen = false;
        PrometheusSeries early = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "metric" -> {
                    Map<String, String> labels = new HashMap<>();
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        labels.put(k, p.getString());
                    }
                    labelsSeen = true;
                    sink = visitor.series(labels);
                    if (sink != null && early != null) {
                        for (int i = 0; i < early.values().length; i++) {
                            sink.point(early.timestampsMillis()[i], early.values()[i]);
                        }
                    }
                }
                case "values" -> {
                    PrometheusSeries buffered = labelsSeen ? null : bufferPoints(p, true);
                    if (labelsSeen) {
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            readPoint(p, sink);
                        }
                    } else {
                        early = buffered;
                    }
                }
                case "value" -> {
                    if (labelsSeen) {
                        readPoint(p, sink);
                    } else {
                        early = bufferPoints(p, false);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (sink != null) {
            sink.end();
        }
    }

    private static PrometheusSeries bufferPoints(JsonParser p, boolean many) throws IOException {
        List<PrometheusSeries> one = new ArrayList<>();
        PointSink buffer = arraySink(Map.of(), one);
        if (many) {
            while (p.nextToken() == JsonToken.START_ARRAY) {
                readPoint(p, buffer);
            }
        } else {
            readPoint(p, buffer);
        }
        buffer.end();
        return one.get(0);
    }

    /** Collects one series' points into arrays and adds them to {@code out} at its end. */
    private static PointSink arraySink(Map<String, String> labels, List<PrometheusSeries> out) {
        return new PointSink() {
            long[] ts = new long[16];
            double[] vs = new double[16];
            int n;

            @Override
            public void point(long timestampMillis, double value) {
                if (n == ts.length) {
                    ts = Arrays.copyOf(ts, n * 2);
                    vs = Arrays.copyOf(vs, n * 2);
                }
                ts[n] = timestampMillis;
                vs[n++] = value;
            }

            @Override
            public void end() {
                out.add(new PrometheusSeries(labels, Arrays.copyOf(ts, n), Arrays.copyOf(vs, n)));
            }
        };
    }

    /** Reads {@code [1700000000.5, "0.25"]} (cursor on its START_ARRAY) into {@code sink} (null: skipped). */
    private static void readPoint(JsonParser p, PointSink sink) throws IOException {
        p.nextToken();
        long ms = Math.round(p.getDoubleValue() * 1000);
        p.nextToken();
        String text = p.getString();
        expect(p.nextToken(), JsonToken.END_ARRAY, p);
        if (sink != null) {
            sink.point(ms, value(text));
        }
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
