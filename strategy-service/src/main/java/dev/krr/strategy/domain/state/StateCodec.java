package dev.krr.strategy.domain.state;

import dev.krr.strategy.domain.histogram.DecayingHistogram;
import dev.krr.strategy.domain.histogram.SparseCounts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The compact binary form of a {@link WorkloadUsageState}, what the state store and its changelog
 * hold. Version 2 (written now; version 1 is still read, so state already in changelogs keeps
 * working and is re-written in version 2 on its next update):
 * <ul>
 *   <li>integers are varints, times zigzag varints; decaying weights are float32, stored per run of
 *       consecutive non-empty buckets (gap, length, weights) instead of a bucket delta per weight;</li>
 *   <li>pod names are stored once per workload in a sorted table, each name as the length of the
 *       prefix it shares with the previous one plus the rest ({@code web-7d9f8c6b5-x2k4p} after
 *       {@code web-7d9f8c6b5-m8q2z} costs 1 + 1 + 5 = 7 bytes instead of 20); containers refer to pods
 *       by index, so a sidecar does not repeat the names;</li>
 *   <li>the KRR window's per-pod, per-slice CPU counts are one bit stream per container: each slice
 *       is its first bucket and span, then one count per bucket of the span (zeros for holes) in an
 *       order-k exponential-Golomb code, counts either as they are or as differences from the
 *       previous bucket, with k and the mode chosen per slice for the fewest bits. A count c costs
 *       2·⌊log2(c + 2^k)⌋ − k + 1 bits: a day of one pod at 75 s (1152 samples over ~35 buckets,
 *       counts 1–90) takes about 7 bits per bucket instead of 2–3 bytes (bucket delta + count) in
 *       version 1.</li>
 * </ul>
 * Nothing is rounded or merged: a decoded state gives exactly the answers of the encoded one.
 *
 * <p>The layout hash of the {@link StateSettings} is stored; state written under a different
 * bucket layout cannot be read meaningfully and decodes as empty (the strategy then rebuilds from
 * new samples instead of silently mixing layouts).
 */
public final class StateCodec {

    /** The format version {@link #encode} writes (the first varint of every blob). */
    public static final int VERSION = 2;
    private static final int VERSION_1 = 1;
    /** Largest exponential-Golomb order tried for window counts (counts above 2^16 per bucket and slice are rare). */
    private static final int MAX_ORDER = 20;

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
        TreeSet<String> podNames = new TreeSet<>();
        for (ContainerUsageState c : state.containers.values()) {
            podNames.addAll(c.window.cpuByPod.keySet());
        }
        Map<String, Integer> podIndex = new HashMap<>();
        out.varint(podNames.size());
        byte[] previous = new byte[0];
        for (String pod : podNames) {
            byte[] name = pod.getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            while (shared < name.length && shared < previous.length && name[shared] == previous[shared]) {
                shared++;
            }
            out.varint(shared);
            out.varint(name.length - shared);
            out.write(name, shared, name.length - shared);
            podIndex.put(pod, podIndex.size());
            previous = name;
        }
        out.varint(state.containers.size());
        for (Map.Entry<String, ContainerUsageState> e : state.containers.entrySet()) {
            out.string(e.getKey());
            writeContainer(out, e.getValue(), podIndex);
        }
        return out.toByteArray();
    }

    /** Decodes either version; bytes written under another bucket layout give an empty state. */
    public WorkloadUsageState decode(byte[] bytes) {
        WorkloadUsageState state = new WorkloadUsageState(settings);
        if (bytes == null || bytes.length == 0) {
            return state;
        }
        In in = new In(bytes);
        int version = (int) in.varint();
        if (version != VERSION && version != VERSION_1) {
            throw new IllegalArgumentException("usage state has unknown format version " + version);
        }
        if (in.fixed32() != layoutHash) {
            return state;
        }
        long sources = in.varint();
        for (long i = 0; i < sources; i++) {
            state.lastWindowEndBySource.put(in.string(), in.zigzag());
        }
        String[] pods = version == VERSION ? readPodTable(in) : null;
        long containers = in.varint();
        for (long i = 0; i < containers; i++) {
            String name = in.string();
            ContainerUsageState c = new ContainerUsageState(settings);
            if (version == VERSION) {
                readContainer(in, c, pods);
            } else {
                readContainerV1(in, c);
            }
            state.containers.put(name, c);
        }
        return state;
    }

    private static String[] readPodTable(In in) {
        int n = in.count();
        String[] pods = new String[n];
        byte[] previous = new byte[0];
        for (int i = 0; i < n; i++) {
            int shared = in.count();
            int rest = in.count();
            if (shared > previous.length) {
                throw new IllegalArgumentException("usage state has a malformed pod name at byte " + in.pos);
            }
            byte[] name = Arrays.copyOf(previous, shared + rest);
            in.read(name, shared, rest);
            pods[i] = new String(name, StandardCharsets.UTF_8);
            previous = name;
        }
        return pods;
    }

    private static void writeContainer(Out out, ContainerUsageState c, Map<String, Integer> podIndex) {
        out.zigzag(c.firstSampleMillis);
        out.zigzag(c.lastSampleMillis);
        out.varint(c.cpuSamples);
        out.varint(c.memorySamples);
        out.zigzag(c.memoryIntervalStartMillis);
        out.varint(c.memoryIntervalPeakBytes);
        out.zigzag(c.lastOomMillis);
        out.varint(c.oomKills);
        writeHistogramRuns(out, c.cpu);
        writeHistogramRuns(out, c.memoryPeaks);
        KrrWindow w = c.window;
        out.zigzag(w.newestSlice);
        // pods in table order, so the indexes only grow: each is stored as the step from the previous one
        List<Map.Entry<String, NavigableMap<Long, SparseCounts>>> pods = new ArrayList<>(w.cpuByPod.entrySet());
        pods.sort(Map.Entry.comparingByKey());
        Bits bits = new Bits(out);
        bits.expGolomb(pods.size(), 1);
        int previousPod = -1;
        for (Map.Entry<String, NavigableMap<Long, SparseCounts>> pod : pods) {
            int index = podIndex.get(pod.getKey());
            bits.expGolomb(index - previousPod - 1, 0);
            previousPod = index;
            bits.expGolomb(pod.getValue().size(), 2);
            long previousSlice = w.newestSlice + 1;
            int previousFirst = 0;
            for (Map.Entry<Long, SparseCounts> slice : pod.getValue().descendingMap().entrySet()) {
                bits.expGolomb(previousSlice - slice.getKey() - 1, 0);
                previousSlice = slice.getKey();
                SparseCounts sc = slice.getValue();
                if (sc.size() == 0) {
                    bits.expGolomb(0, 4);
                    continue;
                }
                int first = sc.bucketAt(0);
                int span = sc.bucketAt(sc.size() - 1) - first + 1;
                bits.expGolomb(span, 4);
                bits.expGolomb(zigzag(first - previousFirst), 2);
                previousFirst = first;
                writeCounts(bits, sc, first, span);
            }
        }
        bits.flush();
        out.varint(w.memory.size());
        long previousSlice = w.newestSlice + 1;
        for (Map.Entry<Long, MemorySlice> slice : w.memory.descendingMap().entrySet()) {
            out.varint(previousSlice - slice.getKey() - 1);
            previousSlice = slice.getKey();
            MemorySlice m = slice.getValue();
            out.varint(m.maxBytes);
            out.varint(m.points);
            out.varint(m.oomLimitMaxBytes);
            out.varint(m.oomKills);
        }
    }

    /**
     * One slice's counts over {@code [first, first + span)}: a mode bit (0 = counts, 1 = zigzag
     * differences from the previous bucket's count), the order k in 5 bits, then the values. The
     * mode and k are chosen for the fewest bits from a histogram of the values' bit lengths: with
     * b(v) bits, a value costs about 2·max(b(v), k + 1) − k − 1 bits (one more when adding 2^k
     * carries into a new bit, which the choice ignores: it only decides size, never correctness).
     */
    private static void writeCounts(Bits bits, SparseCounts sc, int first, int span) {
        long[] values = new long[span];
        for (int i = 0; i < sc.size(); i++) {
            values[sc.bucketAt(i) - first] = sc.countAt(i);
        }
        long[] diffs = new long[span];
        int[] lengthsOfValues = new int[65];
        int[] lengthsOfDiffs = new int[65];
        long previous = 0;
        for (int i = 0; i < span; i++) {
            diffs[i] = zigzag(values[i] - previous);
            previous = values[i];
            lengthsOfValues[64 - Long.numberOfLeadingZeros(values[i])]++;
            lengthsOfDiffs[64 - Long.numberOfLeadingZeros(diffs[i])]++;
        }
        long[] forValues = bestOrder(lengthsOfValues, span);
        long[] forDiffs = bestOrder(lengthsOfDiffs, span);
        boolean useDiffs = forDiffs[1] < forValues[1];
        int k = (int) (useDiffs ? forDiffs[0] : forValues[0]);
        bits.write(useDiffs ? 1 : 0, 1);
        bits.write(k, 5);
        bits.expGolombAll(useDiffs ? diffs : values, k);
    }

    /**
     * {k, estimated bits} for the k with the fewest estimated bits. With n values, c(j) of them at
     * most j bits long and s(j) their summed lengths, order k costs
     * c(k+1)·(k+1) + 2·(S − s(k+1)) − (k+1)·(n − c(k+1)) bits: one pass over the lengths per k.
     */
    private static long[] bestOrder(int[] lengths, int n) {
        int maxLength = 0;
        long totalLength = 0;
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] > 0) {
                maxLength = b;
                totalLength += (long) lengths[b] * b;
            }
        }
        long best = Long.MAX_VALUE;
        int bestK = 0;
        long count = 0;
        long summed = 0;
        int upTo = -1;
        for (int k = 0; k <= Math.min(MAX_ORDER, maxLength); k++) {
            while (upTo < k + 1) {
                upTo++;
                count += lengths[upTo];
                summed += (long) lengths[upTo] * upTo;
            }
            long bits = count * (k + 1) + 2 * (totalLength - summed) - (long) (k + 1) * (n - count);
            if (bits < best) {
                best = bits;
                bestK = k;
            }
        }
        return new long[] {bestK, best};
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    private static void readContainer(In in, ContainerUsageState c, String[] podTable) {
        readCounters(in, c);
        readHistogramRuns(in, c.cpu);
        readHistogramRuns(in, c.memoryPeaks);
        KrrWindow w = c.window;
        w.newestSlice = in.zigzag();
        int bucketCount = w.cpuBuckets().bucketCount();
        BitsIn bits = new BitsIn(in);
        long pods = bits.expGolomb(1);
        long podIndex = -1;
        for (long p = 0; p < pods; p++) {
            podIndex += bits.expGolomb(0) + 1;
            if (podIndex >= podTable.length) {
                throw new IllegalArgumentException("usage state refers to pod " + podIndex + " of " + podTable.length);
            }
            NavigableMap<Long, SparseCounts> slices = new TreeMap<>();
            long n = bits.expGolomb(2);
            long slice = w.newestSlice + 1;
            long first = 0;
            for (long s = 0; s < n; s++) {
                slice -= bits.expGolomb(0) + 1;
                int span = (int) bits.expGolomb(4);
                SparseCounts sc = new SparseCounts(Math.max(1, span));
                if (span > 0) {
                    first += unzigzag(bits.expGolomb(2));
                    if (first < 0 || first + span > bucketCount) {
                        throw new IllegalArgumentException("usage state has CPU buckets " + first + ".." + (first + span - 1)
                                + " outside 0.." + (bucketCount - 1));
                    }
                    boolean diffs = bits.read(1) == 1;
                    int k = (int) bits.read(5);
                    long previous = 0;
                    for (int i = 0; i < span; i++) {
                        long v = bits.expGolomb(k);
                        long count = diffs ? previous + unzigzag(v) : v;
                        previous = count;
                        if (count < 0 || count > Integer.MAX_VALUE) {
                            throw new IllegalArgumentException("usage state has a malformed CPU count " + count);
                        }
                        sc.add((int) (first + i), (int) count);
                    }
                }
                slices.put(slice, sc);
            }
            w.cpuByPod.put(podTable[(int) podIndex], slices);
        }
        bits.finish();
        long mem = in.varint();
        long slice = w.newestSlice + 1;
        for (long s = 0; s < mem; s++) {
            slice -= in.varint() + 1;
            w.memory.put(slice, readMemorySlice(in));
        }
    }

    /** The container's counters, written the same way by every version. */
    private static void readCounters(In in, ContainerUsageState c) {
        c.firstSampleMillis = in.zigzag();
        c.lastSampleMillis = in.zigzag();
        c.cpuSamples = in.varint();
        c.memorySamples = in.varint();
        c.memoryIntervalStartMillis = in.zigzag();
        c.memoryIntervalPeakBytes = in.varint();
        c.lastOomMillis = in.zigzag();
        c.oomKills = in.varint();
    }

    /** One memory slice, written the same way by every version. */
    private static MemorySlice readMemorySlice(In in) {
        MemorySlice m = new MemorySlice();
        m.maxBytes = in.varint();
        m.points = in.varint();
        m.oomLimitMaxBytes = in.varint();
        m.oomKills = (int) in.varint();
        return m;
    }

    /** Version 1: pod names per container, one (bucket delta, count) varint pair per non-empty bucket. */
    private static void readContainerV1(In in, ContainerUsageState c) {
        readCounters(in, c);
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
            w.memory.put(slice, readMemorySlice(in));
        }
    }

    /** Runs of consecutive non-empty buckets: count of runs, then per run (gap, length, float32 weights). */
    private static void writeHistogramRuns(Out out, DecayingHistogram h) {
        out.zigzag(h.referenceMillis());
        int[] buckets = new int[h.nonEmptyBuckets()];
        int[] bits = new int[buckets.length];
        int[] n = {0};
        h.forEachBucket((bucket, weight) -> {
            float f = (float) weight;
            if (f > 0) {
                buckets[n[0]] = bucket;
                bits[n[0]++] = Float.floatToIntBits(f);
            }
        });
        int runs = 0;
        for (int i = 0; i < n[0]; i++) {
            if (i == 0 || buckets[i] != buckets[i - 1] + 1) {
                runs++;
            }
        }
        out.varint(runs);
        int end = 0;
        for (int i = 0; i < n[0]; ) {
            int j = i + 1;
            while (j < n[0] && buckets[j] == buckets[j - 1] + 1) {
                j++;
            }
            out.varint(buckets[i] - end);
            out.varint(j - i);
            for (int x = i; x < j; x++) {
                out.fixed32(bits[x]);
            }
            end = buckets[j - 1] + 1;
            i = j;
        }
    }

    private static void readHistogramRuns(In in, DecayingHistogram h) {
        long reference = in.zigzag();
        h.restoreReference(reference);
        int runs = in.count();
        int bucket = 0;
        int buckets = h.scheme().bucketCount();
        for (int r = 0; r < runs; r++) {
            bucket += in.count();
            int length = in.count();
            if (bucket + length > buckets) {
                throw new IllegalArgumentException("usage state has histogram buckets beyond " + (buckets - 1));
            }
            for (int i = 0; i < length; i++) {
                h.restore(reference, bucket++, Float.intBitsToFloat(in.fixed32()));
            }
        }
    }

    /** Version 1: a (bucket delta, float32) pair per non-empty bucket. */
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
        byte[] buf;
        int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        void write(int b) {
            if (size == buf.length) {
                buf = Arrays.copyOf(buf, size * 2);
            }
            buf[size++] = (byte) b;
        }

        /** Room for {@code extra} more bytes. */
        void ensure(int extra) {
            if (size + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
            }
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
        final byte[] buf;
        int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        int next() {
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

        /** A varint that must fit a non-negative int (a count or a length). */
        int count() {
            long v = varint();
            if (v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("usage state has a count of " + v + " at byte " + pos);
            }
            return (int) v;
        }

        void read(byte[] into, int off, int len) {
            if (pos + len > buf.length) {
                throw new IllegalArgumentException("usage state is truncated at byte " + pos);
            }
            System.arraycopy(buf, pos, into, off, len);
            pos += len;
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

    /** Writes bits most significant first into {@link Out}; {@link #flush} pads the last byte with zeros. */
    private static final class Bits {
        private final Out out;
        private long acc;
        private int n;

        Bits(Out out) {
            this.out = out;
        }

        /** The low {@code bits} (at most 56) of {@code value}. */
        void write(long value, int bits) {
            acc = (acc << bits) | (value & ((1L << bits) - 1));
            n += bits;
            while (n >= 8) {
                n -= 8;
                out.write((int) (acc >>> n));
            }
        }

        /** Order-k exponential-Golomb: w = v + 2^k written in binary after (bits of w − k − 1) zeros. */
        void expGolomb(long v, int k) {
            long w = v + (1L << k);
            int len = 64 - Long.numberOfLeadingZeros(w);
            int zeros = len - k - 1;
            if (zeros + len <= 56) {
                write(w, zeros + len);
                return;
            }
            while (zeros > 32) {
                write(0, 32);
                zeros -= 32;
            }
            write(0, zeros);
            if (len > 32) {
                write(w >>> 32, len - 32);
                write(w, 32);
            } else {
                write(w, len);
            }
        }

        /** {@link #expGolomb} of every value, with the buffer in locals (the hot loop of encoding). */
        void expGolombAll(long[] values, int k) {
            long a = acc;
            int bits = n;
            long offset = 1L << k;
            // at most 127 bits a value: reserve once, then write into the array directly
            out.ensure(values.length * 16 + 8);
            byte[] buf = out.buf;
            int size = out.size;
            for (long v : values) {
                long w = v + offset;
                int len = 64 - Long.numberOfLeadingZeros(w);
                int total = 2 * len - k - 1;
                if (total + bits > 63) {
                    out.size = size;
                    acc = a;
                    n = bits;
                    expGolomb(v, k);
                    a = acc;
                    bits = n;
                    size = out.size;
                    continue;
                }
                a = (a << total) | w;
                bits += total;
                while (bits >= 8) {
                    bits -= 8;
                    buf[size++] = (byte) (a >>> bits);
                }
            }
            out.size = size;
            acc = a;
            n = bits;
        }

        static int expGolombLength(long v, int k) {
            long w = v + (1L << k);
            return 2 * (64 - Long.numberOfLeadingZeros(w)) - k - 1;
        }

        void flush() {
            if (n > 0) {
                out.write((int) (acc << (8 - n)));
                n = 0;
            }
            acc = 0;
        }
    }

    /** Reads what {@link Bits} wrote, starting at the current byte of {@link In}; {@link #finish} skips the padding. */
    private static final class BitsIn {
        private final In in;
        private long acc;
        private int left;

        BitsIn(In in) {
            this.in = in;
        }

        /** Tops the buffer up to at least {@code bits} (at most 32), reading ahead up to 56 bits. */
        private void need(int bits) {
            if (left >= bits) {
                return;
            }
            while (left <= 48 && in.pos < in.buf.length) {
                acc = (acc << 8) | in.next();
                left += 8;
            }
            if (left < bits) {
                in.next(); // throws: the bit stream is truncated
            }
        }

        /** Up to 32 bits. */
        long read(int bits) {
            if (bits == 0) {
                return 0;
            }
            need(bits);
            left -= bits;
            return (acc >>> left) & ((1L << bits) - 1);
        }

        long expGolomb(int k) {
            int zeros = 0;
            while (true) {
                need(1);
                long window = acc & ((1L << left) - 1);
                if (window != 0) {
                    int lead = left - (64 - Long.numberOfLeadingZeros(window));
                    zeros += lead;
                    left -= lead + 1;
                    break;
                }
                zeros += left;
                left = 0;
                if (zeros > 62 - k) {
                    throw new IllegalArgumentException("usage state has a malformed bit code at byte " + in.pos);
                }
            }
            if (zeros > 62 - k) {
                throw new IllegalArgumentException("usage state has a malformed bit code at byte " + in.pos);
            }
            int rest = zeros + k;
            long w = 1;
            while (rest > 32) {
                w = (w << 32) | read(32);
                rest -= 32;
            }
            w = (w << rest) | read(rest);
            return w - (1L << k);
        }

        /** Gives back the whole bytes read ahead and drops the padding bits of the last one. */
        void finish() {
            in.pos -= left / 8;
            left = 0;
            acc = 0;
        }
    }
}
