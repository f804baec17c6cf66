package dev.krr.backtest.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceSourceTest {

    @TempDir
    Path dir;

    @Test
    void detectsTheFormatFromTheFirstLine() throws IOException {
        Path bitbrains = dir.resolve("2.csv");
        Files.writeString(bitbrains, BitbrainsTraceReaderTest.HEADER
                + BitbrainsTraceReaderTest.row(1372629804, 1, 2600.0, 260.0, 1024.0, 1.0));
        Path csv = dir.resolve("10.csv");
        Files.writeString(csv, "timestamp,series,cpu_cores,memory_bytes\n1714521600,x,0.5,100\n1714521600,y,0.5,100\n");
        TraceSource source = new TraceSource(TraceSource.Format.AUTO, BadRowPolicy.FAIL);
        assertThat(source.read(bitbrains, new ReadStats())).extracting(UsageSeries::id).containsExactly("2");
        assertThat(source.read(csv, new ReadStats())).extracting(UsageSeries::id).containsExactly("x", "y");
        // natural order: 2 before 10
        assertThat(TraceFiles.list(dir)).containsExactly(bitbrains, csv);
    }

    @Test
    void unknownFormatIsAClearError() throws IOException {
        Path p = dir.resolve("x.csv");
        Files.writeString(p, "a;b;c\n");
        assertThatThrownBy(() -> new TraceSource(TraceSource.Format.AUTO, BadRowPolicy.FAIL).read(p, new ReadStats()))
                .hasMessageStartingWith(p + ":1: cannot tell the format from the first line 'a;b;c'");
        assertThatThrownBy(() -> TraceSource.Format.parse("parquet"))
                .hasMessage("--format must be auto, bitbrains or csv, was 'parquet'");
        assertThatThrownBy(() -> TraceFiles.list(dir.resolve("nowhere")))
                .hasMessageContaining("is neither a file nor a directory");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> TraceFiles.list(empty)).hasMessageContaining("holds no *.csv or *.csv.gz file");
        assertThat(TraceFiles.list(p)).isEqualTo(List.of(p));
    }
}
