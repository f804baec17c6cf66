package dev.krr.collector.adapter.out.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads one kubelet {@code /metrics/resource} body (Prometheus text exposition format 0.0.4) and
 * passes every {@code container_cpu_usage_seconds_total} and {@code container_memory_working_set_bytes}
 * sample to a {@link ResourceSampleConsumer}; every other family the kubelet writes ({@code node_*},
 * {@code pod_*}, {@code container_start_time_seconds}, {@code container_swap_*}, {@code scrape_error},
 * {@code resource_scrape_error}) and the {@code # HELP}/{@code # TYPE} lines are passed over.
 *
 * <p><b>The same scanner reads {@code /metrics/cadvisor}</b> ({@link #cadvisor}): there it keeps only
 * the three CFS counters ({@link CadvisorCounterConsumer}) and hands them to a
 * {@link CadvisorCounterConsumer}. That body is much larger (tens of families per container, with the
 * labels {@code id}, {@code image}, {@code name}, {@code cpu}, {@code device}, {@code interface}, ...),
 * so the point of sharing the scanner is that those lines cost a byte scan and allocate nothing.
 * Series of the pod-level cgroup ({@code container=""}, cAdvisor writes CFS counters for it when the
 * pod has a quota) and of the sandbox ({@code container="POD"}) are passed over, not counted as bad;
 * a body without any CFS line (no container has a CPU limit) is a normal answer.
 *
 * <p>A real line looks like
 * {@code container_cpu_usage_seconds_total{container="web",namespace="shop",pod="web-1"} 10.25 1624396278302}:
 * the kubelet sorts the labels and writes the sample's own timestamp in epoch milliseconds, which is
 * used as is (the kubelet's cadvisor took the sample then, possibly several seconds before the scrape);
 * a line without one gets the scrape time the caller passes. Labels are accepted in any order, with
 * blanks around them, {@code \\}, {@code \"} and {@code \n} escapes in values, and lines ending in
 * {@code \r\n}. Values are passed as read, {@code NaN} and {@code ±Inf} included.
 *
 * <p><b>Push parser, no regex.</b> It runs for every node every scrape (3,000 nodes every 30 s is
 * 100 bodies a second, each up to a few hundred KB), so it works on the raw UTF-8 bytes as they
 * arrive ({@link #feed}), recognises the two wanted families by comparing bytes, and makes Strings
 * only for the three label values of the samples it keeps; lines of other families cost a byte scan.
 * Feeding chunks lets the HTTP clients parse while the body streams in, under one deadline.
 *
 * <p><b>Bad lines are skipped and counted, never guessed at and never fatal on their own:</b> a line
 * that is not a metric line, a wanted sample with a missing label or an unparsable number, and a last
 * line without its final newline (the format requires one, so the body was cut short) each add one to
 * {@link Result#badLines()}, and the first is kept for the log. Only a body that yields no sample at
 * all while having bad lines, such as an HTML error page answered with 200, fails the scrape
 * ({@link #finish()}), naming the node and quoting the start of the body.
 *
 * <p>One instance parses one body and is not thread-safe.
 */
public final class ResourceMetricsParser {

    /** What one body yielded. {@code firstBadLine} and {@code firstBadReason} are null when {@code badLines == 0}. */
    public record Result(int samplesAccepted, int badLines, int firstBadLineNumber, String firstBadLine, String firstBadReason) {
    }

    static final String CPU_FAMILY = "container_cpu_usage_seconds_total";
    static final String MEMORY_FAMILY = "container_memory_working_set_bytes";
    private static final byte[] NAMESPACE = "namespace".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POD = "pod".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTAINER = "container".getBytes(StandardCharsets.US_ASCII);
    /** A longer line is garbage (label values are at most 253 bytes); it is dropped without buffering it whole. */
    private static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int QUOTE_CHARS = 200;
    private static final int BODY_START_BYTES = 160;

    private static final String RESOURCE_PATH = "/metrics/resource";
    private static final String CADVISOR_PATH = "/metrics/cadvisor";
    private static final String[] RESOURCE_FAMILIES = {CPU_FAMILY, MEMORY_FAMILY};
    private static final String[] CADVISOR_FAMILIES = {CadvisorCounterConsumer.CFS_PERIODS, CadvisorCounterConsumer.CFS_THROTTLED_PERIODS,
            CadvisorCounterConsumer.CFS_THROTTLED_SECONDS};
    private static final byte[][] RESOURCE_FAMILY_BYTES = bytes(RESOURCE_FAMILIES);
    private static final byte[][] CADVISOR_FAMILY_BYTES = bytes(CADVISOR_FAMILIES);

    private final String node;
    private final long scrapeTimeMillis;
    private final ResourceSampleConsumer consumer;
    private final CadvisorCounterConsumer counters;
    private final String path;
    private final String[] families;
    private final byte[][] familyBytes;

    private byte[] carry = new byte[1024];
    private int carryLength;
    private boolean carryOverlong;
    private final byte[] bodyStart = new byte[BODY_START_BYTES];
    private int bodyStartLength;

    private int lineNumber;
    private int accepted;
    private int wellFormed;
    private int bad;
    private int firstBadLineNumber;
    private String firstBadLine;
    private String firstBadReason;
    private boolean truncated;
    private boolean finished;

    // label values of the line being parsed
    private String namespace;
    private String pod;
    private String container;
    private String labelError;

    /**
     * @param node             named in the error of a body without metrics
     * @param scrapeTimeMillis the timestamp of samples that carry none
     */
    public ResourceMetricsParser(String node, long scrapeTimeMillis, ResourceSampleConsumer consumer) {
        this(node, scrapeTimeMillis, consumer, null);
    }

    private ResourceMetricsParser(String node, long scrapeTimeMillis, ResourceSampleConsumer consumer, CadvisorCounterConsumer counters) {
        this.node = node;
        this.scrapeTimeMillis = scrapeTimeMillis;
        this.consumer = consumer;
        this.counters = counters;
        this.path = counters == null ? RESOURCE_PATH : CADVISOR_PATH;
        this.families = counters == null ? RESOURCE_FAMILIES : CADVISOR_FAMILIES;
        this.familyBytes = counters == null ? RESOURCE_FAMILY_BYTES : CADVISOR_FAMILY_BYTES;
    }

    /**
     * A parser of one {@code /metrics/cadvisor} body that passes the CFS counters of containers to
     * {@code counters}. It fails ({@link #finish()}) only for a body with bad lines and no well-formed
     * metric line at all: a node without any CPU limit has no CFS line, and that is an answer.
     */
    public static ResourceMetricsParser cadvisor(String node, long scrapeTimeMillis, CadvisorCounterConsumer counters) {
        return new ResourceMetricsParser(node, scrapeTimeMillis, null, java.util.Objects.requireNonNull(counters, "counters"));
    }

    /** Parses a whole body from a stream (not closed here). */
    public static Result parse(String node, InputStream body, long scrapeTimeMillis, ResourceSampleConsumer consumer) throws IOException {
        return parse(new ResourceMetricsParser(node, scrapeTimeMillis, consumer), body);
    }

    /** Parses a whole {@code /metrics/cadvisor} body from a stream (not closed here). */
    public static Result parseCadvisor(String node, InputStream body, long scrapeTimeMillis, CadvisorCounterConsumer counters)
            throws IOException {
        return parse(cadvisor(node, scrapeTimeMillis, counters), body);
    }

    private static Result parse(ResourceMetricsParser parser, InputStream body) throws IOException {
        byte[] chunk = new byte[16 * 1024];
        for (int n; (n = body.read(chunk)) >= 0; ) {
            parser.feed(chunk, 0, n);
        }
        return parser.finish();
    }

    /** Parses the complete lines of the next chunk of the body and keeps the incomplete rest for the next call. */
    public void feed(ByteBuffer chunk) {
        if (chunk.hasArray()) {
            feed(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
            chunk.position(chunk.limit());
        } else {
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            feed(copy, 0, copy.length);
        }
    }

    /** Parses the complete lines of {@code bytes[offset, offset+length)} and keeps the incomplete rest for the next call. */
    public void feed(byte[] bytes, int offset, int length) {
        if (finished) {
            throw new IllegalStateException("body of node " + node + " already finished");
        }
        if (bodyStartLength < BODY_START_BYTES) {
            int n = Math.min(length, BODY_START_BYTES - bodyStartLength);
            System.arraycopy(bytes, offset, bodyStart, bodyStartLength, n);
            bodyStartLength += n;
        }
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (carryLength == 0 && !carryOverlong) {
                line(bytes, start, i);
            } else {
                append(bytes, start, i);
                completeCarry();
            }
            start = i + 1;
        }
        if (start < end) {
            append(bytes, start, end);
        }
    }

    /**
     * Ends the body: an unterminated last line counts as bad (the body was cut short).
     *
     * @throws KubeletScrapeException when no sample was accepted but some lines were bad; permanent
     *         unless the only bad line is the cut-off last one
     */
    public Result finish() {
        if (!finished) {
            finished = true;
            if (carryLength > 0 || carryOverlong) {
                lineNumber++;
                if (!blank(carry, 0, carryLength)) {
                    truncated = true;
                    badLine(carry, 0, carryLength, "the body ends inside this line (no final newline): cut short");
                }
                carryLength = 0;
            }
        }
        if ((counters == null ? accepted : wellFormed) == 0 && bad > 0) {
            boolean onlyCutShort = truncated && bad == 1;
            throw new KubeletScrapeException(node, !onlyCutShort, "kubelet on node " + node
                    + " answered " + path + " without any " + (counters == null ? "container sample" : "metric line") + ": " + bad + " bad line(s), first (line "
                    + firstBadLineNumber + ") " + firstBadReason + ": '" + firstBadLine + "'; the body starts '" + bodyStart()
                    + "'" + (onlyCutShort ? "" : "; is something other than the kubelet answering on this address?"));
        }
        return new Result(accepted, bad, firstBadLineNumber, firstBadLine, firstBadReason);
    }

    private void append(byte[] bytes, int from, int to) {
        if (carryOverlong) {
            return;
        }
        int n = to - from;
        if (carryLength + n > MAX_LINE_BYTES) {
            // keep what is buffered for the quote, drop the rest of the line
            carryOverlong = true;
            return;
        }
        if (carryLength + n > carry.length) {
            byte[] bigger = new byte[Math.max(carry.length * 2, carryLength + n)];
            System.arraycopy(carry, 0, bigger, 0, carryLength);
            carry = bigger;
        }
        System.arraycopy(bytes, from, carry, carryLength, n);
        carryLength += n;
    }

    private void completeCarry() {
        if (carryOverlong) {
            lineNumber++;
            badLine(carry, 0, carryLength, "line longer than " + MAX_LINE_BYTES + " bytes");
        } else {
            line(carry, 0, carryLength);
        }
        carryLength = 0;
        carryOverlong = false;
    }

    private void line(byte[] b, int start, int end) {
        lineNumber++;
        int lineStart = start;
        if (end - start > MAX_LINE_BYTES) {
            badLine(b, start, end, "line longer than " + MAX_LINE_BYTES + " bytes");
            return;
        }
        if (end > start && b[end - 1] == '\r') {
            end--;
        }
        while (start < end && blank(b[start])) {
            start++;
        }
        if (start == end || b[start] == '#') {
            return;
        }
        int p = start;
        if (!nameStart(b[p])) {
            badLine(b, lineStart, end, "not a metric line");
            return;
        }
        while (p < end && nameChar(b[p])) {
            p++;
        }
        int kind = family(b, start, p);
        namespace = null;
        pod = null;
        container = null;
        labelError = null;
        int q = p;
        while (q < end && blank(b[q])) {
            q++;
        }
        if (q < end && b[q] == '{') {
            p = labels(b, q + 1, end, kind != 0);
            if (p < 0) {
                badLine(b, lineStart, end, labelError);
                return;
            }
        }
        int valueStart = p;
        while (p < end && blank(b[p])) {
            p++;
        }
        if (p == valueStart || p == end) {
            badLine(b, lineStart, end, "no value after the metric name and labels");
            return;
        }
        valueStart = p;
        while (p < end && !blank(b[p])) {
            p++;
        }
        int valueEnd = p;
        while (p < end && blank(b[p])) {
            p++;
        }
        int timestampStart = p;
        while (p < end && !blank(b[p])) {
            p++;
        }
        int timestampEnd = p;
        while (p < end && blank(b[p])) {
            p++;
        }
        if (p != end) {
            badLine(b, lineStart, end, "unexpected text after the timestamp");
            return;
        }
        if (kind == 0) {
            if (!looksNumeric(b, valueStart, valueEnd)) {
                badLine(b, lineStart, end, "value '" + ascii(b, valueStart, valueEnd) + "' is not a number");
            } else {
                wellFormed++;
            }
            return;
        }
        double value = number(b, valueStart, valueEnd);
        if (value != value && !isNaNWord(b, valueStart, valueEnd)) {
            badLine(b, lineStart, end, "value '" + ascii(b, valueStart, valueEnd) + "' is not a number");
            return;
        }
        long timestampMillis = scrapeTimeMillis;
        if (timestampStart < timestampEnd) {
            long t = timestamp(b, timestampStart, timestampEnd);
            if (t == Long.MIN_VALUE) {
                badLine(b, lineStart, end, "timestamp '" + ascii(b, timestampStart, timestampEnd) + "' is not epoch milliseconds");
                return;
            }
            timestampMillis = t;
        }
        if (counters != null && (container == null || container.isEmpty() || container.equals("POD"))) {
            // the pod-level cgroup or the sandbox: not a container of the pod spec
            wellFormed++;
            return;
        }
        String missing = namespace == null || namespace.isEmpty() ? "namespace"
                : pod == null || pod.isEmpty() ? "pod"
                : container == null || container.isEmpty() ? "container" : null;
        if (missing != null) {
            badLine(b, lineStart, end, "label " + missing + " missing or empty");
            return;
        }
        accepted++;
        wellFormed++;
        if (counters != null) {
            counters.counter(namespace, pod, container, families[kind - 1], timestampMillis, value);
        } else if (kind == 1) {
            consumer.cpu(namespace, pod, container, timestampMillis, value);
        } else {
            consumer.memory(namespace, pod, container, timestampMillis, value);
        }
    }

    /** 1 + the index of the wanted family named by {@code b[from, to)}, 0 for any other family. */
    private int family(byte[] b, int from, int to) {
        for (int i = 0; i < familyBytes.length; i++) {
            if (equals(b, from, to, familyBytes[i])) {
                return i + 1;
            }
        }
        return 0;
    }

    private static byte[][] bytes(String[] names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** Parses {@code name="value",...}} from just after the brace; returns the index after the closing brace, or -1 with {@link #labelError}. */
    private int labels(byte[] b, int p, int end, boolean keep) {
        while (true) {
            while (p < end && blank(b[p])) {
                p++;
            }
            if (p < end && b[p] == '}') {
                return p + 1;
            }
            int nameStart = p;
            while (p < end && nameChar(b[p]) && b[p] != ':') {
                p++;
            }
            if (p == nameStart) {
                labelError = p == end ? "labels not closed" : "expected a label name";
                return -1;
            }
            int nameEnd = p;
            while (p < end && blank(b[p])) {
                p++;
            }
            if (p == end || b[p] != '=') {
                labelError = "expected '=' after label " + ascii(b, nameStart, nameEnd);
                return -1;
            }
            p++;
            while (p < end && blank(b[p])) {
                p++;
            }
            if (p == end || b[p] != '"') {
                labelError = "expected a quoted value for label " + ascii(b, nameStart, nameEnd);
                return -1;
            }
            int valueStart = ++p;
            boolean escaped = false;
            while (p < end && b[p] != '"') {
                if (b[p] == '\\') {
                    escaped = true;
                    p++;
                }
                p++;
            }
            if (p >= end) {
                labelError = "value of label " + ascii(b, nameStart, nameEnd) + " not closed";
                return -1;
            }
            int valueEnd = p++;
            if (keep) {
                String which = equals(b, nameStart, nameEnd, NAMESPACE) ? "n" : equals(b, nameStart, nameEnd, POD) ? "p"
                        : equals(b, nameStart, nameEnd, CONTAINER) ? "c" : null;
                if (which != null) {
                    String value = escaped ? unescape(b, valueStart, valueEnd)
                            : new String(b, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
                    if (value == null) {
                        labelError = "bad escape in the value of label " + ascii(b, nameStart, nameEnd);
                        return -1;
                    }
                    switch (which) {
                        case "n" -> namespace = value;
                        case "p" -> pod = value;
                        default -> container = value;
                    }
                }
            }
            while (p < end && blank(b[p])) {
                p++;
            }
            if (p < end && b[p] == ',') {
                p++;
            } else if (p < end && b[p] == '}') {
                return p + 1;
            } else {
                labelError = "expected ',' or '}' after label " + ascii(b, nameStart, nameEnd);
                return -1;
            }
        }
    }

    private static String unescape(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] != '\\') {
                out[n++] = b[i];
                continue;
            }
            if (++i == to) {
                return null;
            }
            switch (b[i]) {
                case '\\' -> out[n++] = '\\';
                case '"' -> out[n++] = '"';
                case 'n' -> out[n++] = '\n';
                default -> {
                    return null;
                }
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** The value, or NaN when the token is not a number (the caller tells a written NaN apart). */
    private static double number(byte[] b, int from, int to) {
        int n = to - from;
        if (n <= 15) {
            long digits = 0;
            int i = from;
            for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
                digits = digits * 10 + (b[i] - '0');
            }
            if (i == to) {
                return digits;
            }
        }
        if (isNaNWord(b, from, to)) {
            return Double.NaN;
        }
        int sign = b[from] == '-' ? -1 : 1;
        int unsigned = b[from] == '-' || b[from] == '+' ? from + 1 : from;
        if (equalsIgnoreCase(b, unsigned, to, "inf") || equalsIgnoreCase(b, unsigned, to, "infinity")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(new String(b, from, n, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A cheap check for families that are skipped: the characters a number can have, or NaN/Inf. */
    private static boolean looksNumeric(byte[] b, int from, int to) {
        int unsigned = b[from] == '-' || b[from] == '+' ? from + 1 : from;
        if (isNaNWord(b, from, to) || equalsIgnoreCase(b, unsigned, to, "inf") || equalsIgnoreCase(b, unsigned, to, "infinity")) {
            return true;
        }
        boolean digit = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!(c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                return false;
            }
        }
        return digit;
    }

    private static boolean isNaNWord(byte[] b, int from, int to) {
        return equalsIgnoreCase(b, from, to, "nan");
    }

    /** Epoch milliseconds, or Long.MIN_VALUE when not an integer that fits. */
    private static long timestamp(byte[] b, int from, int to) {
        boolean negative = b[from] == '-';
        int i = negative || b[from] == '+' ? from + 1 : from;
        if (i == to || to - i > 18) {
            return Long.MIN_VALUE;
        }
        long t = 0;
        for (; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return Long.MIN_VALUE;
            }
            t = t * 10 + (b[i] - '0');
        }
        return negative ? -t : t;
    }

    private void badLine(byte[] b, int from, int to, String reason) {
        bad++;
        if (firstBadLine == null) {
            firstBadLineNumber = lineNumber;
            firstBadReason = reason;
            firstBadLine = quote(b, from, to);
        }
    }

    private String bodyStart() {
        return quote(bodyStart, 0, bodyStartLength);
    }

    /** At most {@value #QUOTE_CHARS} characters on one line, control characters shown as escapes. */
    private static String quote(byte[] b, int from, int to) {
        String text = new String(b, from, Math.min(to - from, QUOTE_CHARS * 4), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(Math.min(text.length(), QUOTE_CHARS) + 3);
        int i = 0;
        for (; i < text.length() && out.length() < QUOTE_CHARS; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < ' ' ? '?' : c);
            }
        }
        if (i < text.length() || to - from > QUOTE_CHARS * 4) {
            out.append("...");
        }
        return out.toString();
    }

    private static String ascii(byte[] b, int from, int to) {
        return quote(b, from, Math.min(to, from + 40));
    }

    private static boolean equals(byte[] b, int from, int to, byte[] word) {
        if (to - from != word.length) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (b[from + i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreCase(byte[] b, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (Character.toLowerCase((char) b[from + i]) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean blank(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!blank(b[i]) && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean nameStart(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    private static boolean nameChar(byte c) {
        return nameStart(c) || c >= '0' && c <= '9';
    }
}
