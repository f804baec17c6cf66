package dev.krr.strategy.domain.state;

import dev.krr.strategy.domain.histogram.DecayingHistogram;
import dev.krr.strategy.domain.histogram.SparseCounts;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The compact binary form of a {@link WorkloadUsageState}, what the state store and its changelog
 * hold. Integers are varints, bucket indexes are deltas from the previous bucket (usually one
 * byte), decaying weights are float32 and window slices are numbered back from the newest one.
 * A 40-bucket CPU histogram costs about 40·(1+4) = 200 bytes; a pod-day of CPU counts with 30
 * buckets about 30·(1+1..2) ≈ 75 bytes.
 *
 * <p>The layout hash of the {@link StateSettings} is stored; state written under a different
 * bucket layout cannot be read meaningfully and decodes as empty (the strategy then rebuilds from
 * new samples instead of silently mixing layouts).
 */
public final class StateCodec {

    private static final int VERSION = 1;

    private final StateSettings settings;
    /** Computed once: it concatenates and hashes the bucket layouts' descriptions. */
    private final int layoutHash;

    public StateCodec(StateSettings settings) {
        this.settings = settings;
        this.layoutHash = settings.layoutHash();
    }

    public byte[] encode(WorkloadUsageState state) {
        Out out = new Out(256);
        out.varint(VERSION);
        out.fixed32(layoutHash);
        out.varint(state.lastWindowEndBySource.size());
        for (Map.Entry<String, Long> e : state.lastWindowEndBySource.entrySet()) {
            out.string(e.getKey());
            out.zigzag(e.getValue());
        }
        out.varint(state.containers.size());
        for (Map.Entry<String, ContainerUsageState> e : state.containers.entrySet()) {
            out.string(e.getKey());
            writeContainer(out, e.getValue());
        }
        return out.toByteArray();
    }

    /** Decodes; bytes written under another bucket layout give an empty state. */
    public WorkloadUsageState decode(byte[] bytes) {
        WorkloadUsageState state = new WorkloadUsageState(settings);
        if (bytes == null || bytes.length == 0) {
            return state;
        }
        In in = new In(bytes);
        int version = (int) in.varint();
        if (version != VERSION) {
            throw new IllegalArgumentException("usage state has unknown format version " + version);
        }
        if (in.fixed32() != layoutHash) {
            return state;
        }
        long sources = in.varint();
        for (long i = 0; i < sources; i++) {
            state.lastWindowEndBySource.put(in.string(), in.zigzag());
        }
        long containers = in.varint();
        for (long i = 0; i < containers; i++) {
            String name = in.string();
            ContainerUsageState c = new ContainerUsageState(settings);
            readContainer(in, c);
            state.containers.put(name, c);
        }
        return state;
    }

    private static void writeContainer(Out out, ContainerUsageState c) {
        out.zigzag(c.firstSampleMillis);
        out.zigzag(c.lastSampleMillis);
        out.varint(c.cpuSamples);
        out.varint(c.memorySamples);
        out.zigzag(c.memoryIntervalStartMillis);
        out.varint(c.memoryIntervalPeakBytes);
        out.zigzag(c.lastOomMillis);
        out.varint(c.oomKills);
        writeHistogram(out, c.cpu);
        writeHistogram(out, c.memoryPeaks);
        KrrWindow w = c.window;
        out.zigzag(w.newestSlice);
        out.varint(w.cpuByPod.size());
        for (Map.Entry<String, NavigableMap<Long, SparseCounts>> pod : w.cpuByPod.entrySet()) {
            out.string(pod.getKey());
            out.varint(pod.getValue().size());
            for (Map.Entry<Long, SparseCounts> slice : pod.getValue().entrySet()) {
                out.varint(w.newestSlice - slice.getKey());
                SparseCounts sc = slice.getValue();
                out.varint(sc.size());
                int prev = 0;
                for (int i = 0; i < sc.size(); i++) {
                    out.varint(sc.bucketAt(i) - prev);
                    prev = sc.bucketAt(i);
                    out.varint(sc.countAt(i));
                }
            }
        }
        out.varint(w.memory.size());
        for (Map.Entry<Long, MemorySlice> slice : w.memory.entrySet()) {
            out.varint(w.newestSlice - slice.getKey());
            MemorySlice m = slice.getValue();
            out.varint(m.maxBytes);
            out.varint(m.points);
            out.varint(m.oomLimitMaxBytes);
            out.varint(m.oomKills);
        }
    }

    private static void readContainer(In in, ContainerUsageState c) {
        c.firstSampleMillis = in.zigzag();
        c.lastSampleMillis = in.zigzag();
        c.cpuSamples = in.varint();
        c.memorySamples = in.varint();
        c.memoryIntervalStartMillis = in.zigzag();
        c.memoryIntervalPeakBytes = in.varint();
        c.lastOomMillis = in.zigzag();
        c.oomKills = in.varint();
        readHistogram(in, c.cpu);
        readHistogram(in, c.memoryPeaks);
        KrrWindow w = c.window;
        w.newestSlice = in.zigzag();
        long pods = in.varint();
        for (long p = 0; p < pods; p++) {
            String pod = in.string();
            NavigableMap<Long, SparseCounts> slices = new TreeMap<>();
            long n = in.varint();
            for (long s = 0; s < n; s++) {
                long slice = w.newestSlice - in.varint();
                int size = (int) in.varint();
                SparseCounts sc = new SparseCounts(size);
                int bucket = 0;
                for (int i = 0; i < size; i++) {
                    bucket += (int) in.varint();
                    sc.add(bucket, (int) in.varint());
                }
                slices.put(slice, sc);
            }
            w.cpuByPod.put(pod, slices);
        }
        long mem = in.varint();
        for (long s = 0; s < mem; s++) {
            long slice = w.newestSlice - in.varint();
            MemorySlice m = new MemorySlice();
            m.maxBytes = in.varint();
            m.points = in.varint();
            m.oomLimitMaxBytes = in.varint();
            m.oomKills = (int) in.varint();
            w.memory.put(slice, m);
        }
    }

    private static void writeHistogram(Out out, DecayingHistogram h) {
        out.zigzag(h.referenceMillis());
        out.varint(h.nonEmptyBuckets());
        int[] prev = {0};
        h.forEachBucket((bucket, weight) -> {
            out.varint(bucket - prev[0]);
            prev[0] = bucket;
            out.fixed32(Float.floatToIntBits((float) weight));
        });
    }

    private static void readHistogram(In in, DecayingHistogram h) {
        long reference = in.zigzag();
        h.restoreReference(reference);
        long n = in.varint();
        int bucket = 0;
        for (long i = 0; i < n; i++) {
            bucket += (int) in.varint();
            h.restore(reference, bucket, Float.intBitsToFloat(in.fixed32()));
        }
    }

    /** A growable byte buffer without ByteArrayOutputStream's per-byte locking. */
    private static final class Out {
        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        void write(int b) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, size * 2);
            }
            buf[size++] = (byte) b;
        }

        void write(byte[] b, int off, int len) {
            if (size + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(size * 2, size + len));
            }
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }

        void varint(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative varint " + v);
            }
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void zigzag(long v) {
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                write((int) ((z & 0x7F) | 0x80));
                z >>>= 7;
            }
            write((int) z);
        }

        void fixed32(int v) {
            write(v);
            write(v >>> 8);
            write(v >>> 16);
            write(v >>> 24);
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            write(b, 0, b.length);
        }
    }

    private static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        private int next() {
            if (pos >= buf.length) {
                throw new IllegalArgumentException("usage state is truncated at byte " + pos);
            }
            return buf[pos++] & 0xFF;
        }

        long varint() {
            long result = 0;
            int shift = 0;
            while (true) {
                int b = next();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
                shift += 7;
                if (shift > 63) {
                    throw new IllegalArgumentException("usage state has a malformed varint at byte " + pos);
                }
            }
        }

        long zigzag() {
            long z = varint();
            return (z >>> 1) ^ -(z & 1);
        }

        int fixed32() {
            return next() | next() << 8 | next() << 16 | next() << 24;
        }

        String string() {
            int len = (int) varint();
            if (len < 0 || pos + len > buf.length) {
                throw new IllegalArgumentException("usage state has a malformed string at byte " + pos);
            }
            String s = new String(buf, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }
    }
}
