package dev.krr.backtest.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTraceReaderTest {

    @TempDir
    Path dir;

    Path file(String text) throws IOException {
        Path p = dir.resolve("export.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsManySeriesWithOptionalColumnsInAnyOrder() throws IOException {
        Path p = file("""
                # exported from Prometheus
                series,timestamp,memory_bytes,cpu_cores,cpu_request_cores,memory_limit_bytes
                shop/web,2024-05-01T00:05:00Z,300,0.5,1,1000
                shop/web,1714521600,200,0.25,1,
                shop/db,2024-05-01T02:00:00+02:00,50,,0.1,
                shop/web,1714521600,250,0.125,2,900

                """);
        ReadStats stats = new ReadStats();
        List<UsageSeries> all = new CsvTraceReader(BadRowPolicy.FAIL).read(p, stats);

        assertThat(all).extracting(UsageSeries::id).containsExactly("shop/web", "shop/db");
        UsageSeries web = all.get(0);
        // 1714521600 s = 2024-05-01T00:00:00Z; its two rows merge: usage maxima, request/limit of the later row
        assertThat(web.timeMillis()).containsExactly(1714521600000L, 1714521900000L);
        assertThat(web.cpuCores()).containsExactly(0.25, 0.5);
        assertThat(web.memoryBytes()).containsExactly(250.0, 300.0);
        assertThat(web.cpuRequestCores()).containsExactly(2.0, 1.0);
        assertThat(web.memoryLimitBytes()).containsExactly(900.0, 1000.0);
        // absent columns and empty fields are unknown
        assertThat(web.cpuLimitCores()[0]).isNaN();
        assertThat(web.memoryRequestBytes()[1]).isNaN();
        UsageSeries db = all.get(1);
        // 02:00 at +02:00 is midnight UTC
        assertThat(db.timeMillis()).containsExactly(1714521600000L);
        assertThat(db.cpuCores()[0]).isNaN();
        assertThat(stats.rows()).isEqualTo(4);
        assertThat(stats.mergedDuplicateRows()).isEqualTo(1);
    }

    @Test
    void rejectsUnknownAndMissingColumns() throws IOException {
        Path unknown = file("timestamp,series,cpu_cores,memory_bytes,gpu\n");
        assertThatThrownBy(() -> new CsvTraceReader(BadRowPolicy.FAIL).read(unknown, new ReadStats()))
                .hasMessageStartingWith(unknown + ":1: unknown column 'gpu'");
        Path missing = file("timestamp,series,cpu_cores\n");
        assertThatThrownBy(() -> new CsvTraceReader(BadRowPolicy.FAIL).read(missing, new ReadStats()))
                .hasMessageStartingWith(missing + ":1: missing required column 'memory_bytes'");
        Path empty = file("# nothing\n");
        assertThatThrownBy(() -> new CsvTraceReader(BadRowPolicy.FAIL).read(empty, new ReadStats()))
                .hasMessageStartingWith(empty + ": no header line");
    }

    @Test
    void badRowsFailWithLineOrAreSkippedAndCounted() throws IOException {
        Path p = file("""
                timestamp,series,cpu_cores,memory_bytes
                1714521600,a,0.5,100
                yesterday,a,0.5,100
                1714521900,a,lots,100
                1714522200,,0.5,100
                1714522500,a,0.5
                1714522800,a,0.5,-1
                1714523100,a,0.75,200
                """);
        assertThatThrownBy(() -> new CsvTraceReader(BadRowPolicy.FAIL).read(p, new ReadStats()))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage(p + ":3: column 'timestamp' is neither Unix seconds nor ISO-8601: 'yesterday'");
        ReadStats stats = new ReadStats();
        List<UsageSeries> all = new CsvTraceReader(BadRowPolicy.SKIP).read(p, stats);
        assertThat(all.get(0).cpuCores()).containsExactly(0.5, 0.75);
        assertThat(stats.badRows()).isEqualTo(5);
        assertThat(stats.messages()).containsExactly(
                p + ":3: column 'timestamp' is neither Unix seconds nor ISO-8601: 'yesterday'",
                p + ":4: column 'cpu_cores' is not a number: 'lots'",
                p + ":5: column 'series' is empty",
                p + ":6: expected 4 fields as in the header, found 3",
                p + ":7: column 'memory_bytes' must be a finite number >= 0, was '-1'");
    }
}
