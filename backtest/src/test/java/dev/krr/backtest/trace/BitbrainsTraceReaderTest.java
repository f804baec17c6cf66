package dev.krr.backtest.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BitbrainsTraceReaderTest {

    static final String HEADER = "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\t"
            + "Memory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput [KB/s];\tDisk write throughput [KB/s];\t"
            + "Network received throughput [KB/s];\tNetwork transmitted throughput [KB/s]\n";

    @TempDir
    Path dir;

    static String row(long ts, int cores, double capMhz, double useMhz, double capKb, double useKb) {
        return ts + ";\t" + cores + ";\t" + capMhz + ";\t" + useMhz + ";\t0.0;\t" + capKb + ";\t" + useKb + ";\t0.0;\t0.0;\t0.0;\t0.0\n";
    }

    Path gz(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void mapsUsageToCoresAndBytesAndHandlesEveryQuirk() throws IOException {
        String text = HEADER
                // the VM is not running yet: 0 cores and 0 capacity → skipped, counted
                + row(1372629504, 0, 0.0, 0.0, 0.0, 0.0)
                // 2 cores of 5,200 MHz in total = 2,600 MHz per core; 1,300 MHz used → 0.5 cores;
                // 1,048,576 KB used → 1 GiB; 4,194,304 KB capacity → 4 GiB request and limit
                + row(1372629804, 2, 5200.0, 1300.0, 4194304.0, 1048576.0)
                // the same timestamp again with higher CPU and lower memory: merged to the maxima,
                // 2,600 MHz → 1.0 core, memory stays 1 GiB
                + row(1372629804, 2, 5200.0, 2600.0, 4194304.0, 524288.0)
                // an irregular step (+297 s) with memory capacity 0: memory request unknown
                + row(1372630101, 2, 5200.0, 260.0, 0.0, 2097152.0)
                // a regular step: 5,200 MHz used on 2 cores → 2.0 cores (usage above the request happens)
                + row(1372630401, 2, 5200.0, 5200.0, 4194304.0, 1048576.0)
                + row(1372630701, 2, 5200.0, 0.0, 4194304.0, 0.0);
        Path file = gz("7.csv.gz", text);
        ReadStats stats = new ReadStats();

        UsageSeries s = new BitbrainsTraceReader(BadRowPolicy.FAIL).read(file, stats);

        assertThat(s.id()).isEqualTo("7");
        assertThat(s.timeMillis()).containsExactly(1372629804000L, 1372630101000L, 1372630401000L, 1372630701000L);
        assertThat(s.cpuCores()).containsExactly(1.0, 0.1, 2.0, 0.0);
        assertThat(s.memoryBytes()).containsExactly(1073741824.0, 2147483648.0, 1073741824.0, 0.0);
        assertThat(s.cpuRequestCores()).containsExactly(2.0, 2.0, 2.0, 2.0);
        assertThat(s.cpuLimitCores()).containsExactly(2.0, 2.0, 2.0, 2.0);
        assertThat(s.memoryRequestBytes()[0]).isEqualTo(4294967296.0);
        assertThat(s.memoryRequestBytes()[1]).isNaN();
        assertThat(s.memoryLimitBytes()[2]).isEqualTo(4294967296.0);
        // steps 297, 300, 300 s → median 300 s
        assertThat(s.stepMillis()).isEqualTo(300_000);
        assertThat(stats.rows()).isEqualTo(6);
        assertThat(stats.unprovisionedRows()).isEqualTo(1);
        assertThat(stats.mergedDuplicateRows()).isEqualTo(1);
        assertThat(stats.badRows()).isZero();
    }

    @Test
    void realCapacityPerCoreFromTheTrace() throws IOException {
        // the first row of Bitbrains VM 1: 87.7799835 MHz on 2 cores of 5,851.9989 MHz
        // → 87.7799835 / 2,925.99945 = 0.0300000 cores
        Path file = gz("1.csv.gz", HEADER + row(1372629804, 2, 5851.9989, 87.7799835, 8218624.0, 1034592.8));
        UsageSeries s = new BitbrainsTraceReader(BadRowPolicy.FAIL).read(file, new ReadStats());
        assertThat(s.cpuCores()[0]).isCloseTo(0.0300000, within(1e-6));
        assertThat(s.memoryBytes()[0]).isCloseTo(1034592.8 * 1024, within(1e-3));
    }

    @Test
    void readsUncompressedFilesAndTakesHugeTimestampsAsMilliseconds() throws IOException {
        Path file = dir.resolve("3.csv");
        // 1,372,629,804,000 ≥ 10^11: already milliseconds
        Files.writeString(file, HEADER + row(1372629804000L, 1, 2600.0, 260.0, 1024.0, 512.0));
        UsageSeries s = new BitbrainsTraceReader(BadRowPolicy.FAIL).read(file, new ReadStats());
        assertThat(s.timeMillis()).containsExactly(1372629804000L);
        assertThat(s.cpuCores()).containsExactly(0.1);
    }

    @Test
    void failPolicyNamesFileLineAndColumn() throws IOException {
        Path file = gz("9.csv.gz", HEADER + row(1372629804, 2, 5200.0, 1300.0, 4194304.0, 1048576.0)
                + "1372630104;\t2;\t5200.0;\tbusy;\t0.0;\t4194304.0;\t1.0;\t0;\t0;\t0;\t0\n");
        assertThatThrownBy(() -> new BitbrainsTraceReader(BadRowPolicy.FAIL).read(file, new ReadStats()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(file + ":3: column 'CPU usage [MHZ]' is not a number: 'busy'");
    }

    @Test
    void skipPolicyCountsBadRowsAndKeepsTheGoodOnes() throws IOException {
        Path file = gz("9.csv.gz", HEADER + row(1372629804, 2, 5200.0, 1300.0, 4194304.0, 1048576.0)
                + "1372630104;\t2;\t5200.0\n"
                + "1372630404;\t2;\t5200.0;\t-5.0;\t0.0;\t4194304.0;\t1.0;\t0;\t0;\t0;\t0\n"
                + "1372630704.5;\t2;\t5200.0;\t5.0;\t0.0;\t4194304.0;\t1.0;\t0;\t0;\t0;\t0\n"
                + row(1372631004, 2, 5200.0, 2600.0, 4194304.0, 1048576.0));
        ReadStats stats = new ReadStats();
        UsageSeries s = new BitbrainsTraceReader(BadRowPolicy.SKIP).read(file, stats);
        assertThat(s.size()).isEqualTo(2);
        assertThat(stats.badRows()).isEqualTo(3);
        assertThat(stats.messages()).containsExactly(
                file + ":3: expected at least 7 fields separated by ';', found 3",
                file + ":4: column 'CPU usage [MHZ]' must be a finite number >= 0, was '-5.0'",
                file + ":5: column 'Timestamp' must be whole seconds, was 1.3726307045E9");
    }

    @Test
    void outOfOrderRowsAreSorted() throws IOException {
        Path file = gz("5.csv.gz", HEADER + row(1372630104, 1, 2600.0, 260.0, 1024.0, 1.0)
                + row(1372629804, 1, 2600.0, 520.0, 1024.0, 2.0));
        UsageSeries s = new BitbrainsTraceReader(BadRowPolicy.FAIL).read(file, new ReadStats());
        assertThat(s.timeMillis()).containsExactly(1372629804000L, 1372630104000L);
        assertThat(s.cpuCores()).containsExactly(0.2, 0.1);
    }
}
