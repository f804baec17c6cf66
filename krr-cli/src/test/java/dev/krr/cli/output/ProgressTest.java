package dev.krr.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void plainLinesPerTenPercentWhenNotATerminal() {
        StringWriter out = new StringWriter();
        Progress p = Progress.forStream(new PrintWriter(out, true), false, false);
        for (double pct : new double[] {0, 3, 9.9, 10, 12, 47, 100}) {
            p.percent("backfill", pct);
        }
        p.done("backfill");
        assertThat(out.toString().lines()).containsExactly("krr: backfill 0%", "krr: backfill 10%", "krr: backfill 40%",
                "krr: backfill 100%");
    }

    @Test
    void aBarRedrawnInPlaceOnATerminal() {
        StringWriter out = new StringWriter();
        Progress p = Progress.forStream(new PrintWriter(out, true), true, false);
        p.percent("scan", 50);
        // 50 % of 30 columns = 15 filled
        assertThat(out.toString()).isEqualTo("\rkrr: scan [" + "#".repeat(15) + "-".repeat(15) + "] 50%   ");
    }

    @Test
    void quietPrintsNothing() {
        StringWriter out = new StringWriter();
        Progress p = Progress.forStream(new PrintWriter(out, true), false, true);
        p.line("hello");
        p.percent("scan", 50);
        p.done("scan");
        assertThat(out.toString()).isEmpty();
    }
}
