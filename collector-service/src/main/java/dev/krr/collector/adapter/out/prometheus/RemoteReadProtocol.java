package dev.krr.collector.adapter.out.prometheus;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Prometheus' remote-read protocol ({@code POST /api/v1/read}) with the streamed response type
 * {@code STREAMED_XOR_CHUNKS}: the request is a snappy-compressed {@code prometheus.ReadRequest},
 * the response a sequence of frames {@code uvarint length, CRC-32C (big-endian), ChunkedReadResponse}
 * whose series carry the TSDB's own Gorilla/XOR-encoded chunks.
 *
 * <p>Why: answering it, Prometheus looks the series up and copies their stored chunks into frames
 * of at most 1 MB; it decodes no sample, formats no float as text and never holds the whole
 * answer, so its memory stays flat however many samples a query covers, and its CPU is a fraction
 * of the JSON query API's. The client decodes the chunks here, straight into a
 * {@link PrometheusResponseParser.SeriesVisitor}. Chunks are whole, so they may hold samples before
 * the start or after the end of the query; the visitor's sinks ignore those they do not need.
 *
 * <p>The few protobuf messages are written and read with protobuf's {@code Coded*Stream} by field
 * number (as in {@code prompb/remote.proto} and {@code types.proto}) rather than generated, so the
 * shared {@code proto/} module stays free of Prometheus' schema.
 */
final class RemoteReadProtocol {

    /** Content type of a streamed answer; anything else means the server did not stream. */
    static final String STREAMED_CONTENT_TYPE = "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse";
    private static final int XOR_ENCODING = 1;
    private static final int MAX_FRAME_BYTES = 64 << 20;

    private RemoteReadProtocol() {
    }

    /** A label matcher; type as in {@code prometheus.LabelMatcher.Type}. */
    record Matcher(int type, String name, String value) {
        static final int EQ = 0;
        static final int NEQ = 1;
        static final int RE = 2;

        static Matcher eq(String name, String value) {
            return new Matcher(EQ, name, value);
        }

        static Matcher neq(String name, String value) {
            return new Matcher(NEQ, name, value);
        }

        static Matcher re(String name, String value) {
            return new Matcher(RE, name, value);
        }
    }

    /** The snappy-compressed {@code ReadRequest} of one query over {@code [startMs, endMs]}, asking for streamed XOR chunks. */
    static byte[] request(long startMs, long endMs, List<Matcher> matchers) throws IOException {
        ByteArrayOutputStream query = new ByteArrayOutputStream();
        CodedOutputStream q = CodedOutputStream.newInstance(query);
        q.writeInt64(1, startMs);
        q.writeInt64(2, endMs);
        for (Matcher m : matchers) {
            ByteArrayOutputStream matcher = new ByteArrayOutputStream();
            CodedOutputStream mo = CodedOutputStream.newInstance(matcher);
            if (m.type() != 0) {
                mo.writeEnum(1, m.type());
            }
            mo.writeString(2, m.name());
            mo.writeString(3, m.value());
            mo.flush();
            q.writeByteArray(3, matcher.toByteArray());
        }
        q.flush();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        CodedOutputStream r = CodedOutputStream.newInstance(request);
        r.writeByteArray(1, query.toByteArray());
        r.writeEnum(2, 1); // accepted_response_types: STREAMED_XOR_CHUNKS
        r.flush();
        return snappyLiteral(request.toByteArray());
    }

    /**
     * Snappy's block format with the whole input as one literal: valid snappy that any decoder reads,
     * without a compression library (a request is a few hundred bytes; there is nothing to gain).
     */
    static byte[] snappyLiteral(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
        long n = in.length;
        while (n >= 0x80) {
            out.write((int) (n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.write((int) n);
        if (in.length > 0) {
            int len = in.length - 1;
            if (len < 60) {
                out.write(len << 2);
            } else {
                int bytes = len < (1 << 8) ? 1 : len < (1 << 16) ? 2 : len < (1 << 24) ? 3 : 4;
                out.write((59 + bytes) << 2);
                for (int i = 0; i < bytes; i++) {
                    out.write((len >>> (8 * i)) & 0xff);
                }
            }
            out.write(in, 0, in.length);
        }
        return out.toByteArray();
    }

    /** Reads every frame of a streamed answer into {@code visitor}; a bad checksum or a cut-off frame is an {@link IOException}. */
    static void readStream(InputStream in, PrometheusResponseParser.SeriesVisitor visitor) throws IOException {
        CRC32C crc = new CRC32C();
        SeriesJoiner joiner = new SeriesJoiner(visitor);
        while (true) {
            long size = readUvarint(in);
            if (size < 0) {
                joiner.finish();
                return;
            }
            if (size > MAX_FRAME_BYTES) {
                throw new IOException("remote-read frame of " + size + " bytes exceeds " + MAX_FRAME_BYTES);
            }
            byte[] sum = in.readNBytes(4);
            byte[] frame = in.readNBytes((int) size);
            if (sum.length < 4 || frame.length < size) {
                throw new EOFException("remote-read answer cut off inside a frame");
            }
            crc.reset();
            crc.update(frame);
            long expected = ((sum[0] & 0xffL) << 24) | ((sum[1] & 0xffL) << 16) | ((sum[2] & 0xffL) << 8) | (sum[3] & 0xffL);
            if (crc.getValue() != expected) {
                throw new IOException("remote-read frame checksum mismatch");
            }
            readChunkedReadResponse(CodedInputStream.newInstance(frame), joiner);
        }
    }

    /**
     * Prometheus splits a series whose chunks do not fit one frame over consecutive frames, repeating
     * its labels: those parts go to one sink, which ends only when another series begins.
     */
    private static final class SeriesJoiner {
        private final PrometheusResponseParser.SeriesVisitor visitor;
        private Map<String, String> labels;
        private PrometheusResponseParser.PointSink sink;

        SeriesJoiner(PrometheusResponseParser.SeriesVisitor visitor) {
            this.visitor = visitor;
        }

        PrometheusResponseParser.PointSink series(Map<String, String> next) {
            if (next.equals(labels)) {
                return sink;
            }
            finish();
            labels = next;
            sink = visitor.series(next);
            return sink;
        }

        void finish() {
            if (sink != null) {
                sink.end();
            }
            labels = null;
            sink = null;
        }
    }

    /** -1 at a clean end of stream. */
    private static long readUvarint(InputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                if (shift == 0) {
                    return -1;
                }
                throw new EOFException("remote-read answer cut off inside a frame length");
            }
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("remote-read frame length is not a varint");
    }

    /** {@code ChunkedReadResponse { repeated ChunkedSeries chunked_series = 1; int64 query_index = 2; }} */
    private static void readChunkedReadResponse(CodedInputStream in, SeriesJoiner visitor) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag >>> 3 == 1) {
                int limit = in.pushLimit(in.readRawVarint32());
                readChunkedSeries(in, visitor);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
    }

    /** {@code ChunkedSeries { repeated Label labels = 1; repeated Chunk chunks = 2; }}: labels precede chunks. */
    private static void readChunkedSeries(CodedInputStream in, SeriesJoiner visitor) throws IOException {
        Map<String, String> labels = new HashMap<>();
        PrometheusResponseParser.PointSink sink = null;
        boolean asked = false;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag >>> 3) {
                case 1 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    String name = "";
                    String value = "";
                    int t;
                    while ((t = in.readTag()) != 0) {
                        switch (t >>> 3) {
                            case 1 -> name = in.readString();
                            case 2 -> value = in.readString();
                            default -> in.skipField(t);
                        }
                    }
                    labels.put(name, value);
                    in.popLimit(limit);
                }
                case 2 -> {
                    if (!asked) {
                        sink = visitor.series(labels);
                        asked = true;
                    }
                    int limit = in.pushLimit(in.readRawVarint32());
                    readChunk(in, sink);
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        if (!asked) {
            visitor.series(labels);
        }
    }

    /** {@code Chunk { int64 min_time_ms = 1; int64 max_time_ms = 2; Encoding type = 3; bytes data = 4; }} */
    private static void readChunk(CodedInputStream in, PrometheusResponseParser.PointSink sink) throws IOException {
        int type = 0;
        byte[] data = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag >>> 3) {
                case 3 -> type = in.readEnum();
                case 4 -> data = in.readByteArray();
                default -> in.skipField(tag);
            }
        }
        if (sink != null && data != null && type == XOR_ENCODING) {
            decodeXor(data, sink);
        }
    }

    /**
     * Decodes a Prometheus XOR chunk: a big-endian uint16 sample count, then a bit stream of the
     * first timestamp (zig-zag varint) and value (64 bits), the second timestamp's delta (uvarint)
     * and then delta-of-deltas in buckets of 0, 14, 17, 20 or 64 bits; each value after the first is
     * the XOR with its predecessor, written as "same" (0), "within the previous leading/trailing
     * zeros" (10 + bits) or "new window" (11 + 5 bits leading zeros + 6 bits length + bits).
     */
    static void decodeXor(byte[] data, PrometheusResponseParser.PointSink sink) throws IOException {
        if (data.length < 2) {
            return;
        }
        int count = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
        BitReader r = new BitReader(data, 2);
        long t = 0;
        long delta = 0;
        long bits = 0;
        int leading = 0;
        int trailing = 0;
        for (int i = 0; i < count; i++) {
            if (i == 0) {
                long zigzag = r.uvarint();
                t = (zigzag >>> 1) ^ -(zigzag & 1);
                bits = r.bits(64);
            } else {
                if (i == 1) {
                    delta = r.uvarint();
                } else {
                    int d = 0;
                    for (int k = 0; k < 4; k++) {
                        d <<= 1;
                        if (r.bit() == 0) {
                            break;
                        }
                        d |= 1;
                    }
                    int size = switch (d) {
                        case 0b10 -> 14;
                        case 0b110 -> 17;
                        case 0b1110 -> 20;
                        case 0b1111 -> 64;
                        default -> 0;
                    };
                    long dod = 0;
                    if (size == 64) {
                        dod = r.bits(64);
                    } else if (size > 0) {
                        long raw = r.bits(size);
                        dod = raw > (1L << (size - 1)) ? raw - (1L << size) : raw;
                    }
                    delta += dod;
                }
                t += delta;
                if (r.bit() == 1) {
                    if (r.bit() == 1) {
                        leading = (int) r.bits(5);
                        int significant = (int) r.bits(6);
                        if (significant == 0) {
                            significant = 64;
                        }
                        trailing = 64 - leading - significant;
                    }
                    int significant = 64 - leading - trailing;
                    bits ^= r.bits(significant) << trailing;
                }
            }
            sink.point(t, Double.longBitsToDouble(bits));
        }
    }

    /** Reads bits most-significant first. */
    private static final class BitReader {
        private final byte[] data;
        private int bitPos;

        BitReader(byte[] data, int byteOffset) {
            this.data = data;
            this.bitPos = byteOffset * 8;
        }

        int bit() throws IOException {
            return (int) bits(1);
        }

        /** The next {@code n} (1..64) bits as an unsigned number, taking up to a byte at a time. */
        long bits(int n) throws IOException {
            long v = 0;
            while (n > 0) {
                int index = bitPos >>> 3;
                if (index >= data.length) {
                    throw new EOFException("XOR chunk ends early");
                }
                int available = 8 - (bitPos & 7);
                int take = Math.min(available, n);
                int chunk = ((data[index] & 0xff) >>> (available - take)) & ((1 << take) - 1);
                v = (v << take) | chunk;
                bitPos += take;
                n -= take;
            }
            return v;
        }

        long uvarint() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                long b = bits(8);
                value |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IOException("XOR chunk varint too long");
        }
    }
}
