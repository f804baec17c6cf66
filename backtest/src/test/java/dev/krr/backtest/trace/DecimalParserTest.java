package dev.krr.backtest.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalParserTest {

    static void same(String text) {
        String line = ";\t" + text + ";";
        double fast = DecimalParser.parse(line, 1, line.length() - 1);
        assertThat(Double.doubleToRawLongBits(fast)).as(text).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text.trim())));
    }

    @Test
    void realTraceValuesParseExactlyAsParseDouble() {
        for (String s : new String[] {"1372629804", "2", "5851.9989", "87.7799835", "1.5", "8218624.0", "1034592.8",
                "160.86666666666667", "17.333330753333335", "0.0", "0", "2.038272E7", "1.65675E7", "0.1", "0.30000000000000004",
                "9007199254740991", "9007199254740993", "123456789012345678901234567890", "0.0000000000000000000001",
                "0.00000000000000000000001", "5.", ".5", "  42.25 "}) {
            same(s);
        }
    }

    @Test
    void randomDecimalsParseExactlyAsParseDouble() {
        // 50,000 decimals of up to 18 digits with the point anywhere: every one bit-identical
        Random r = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            long m = Math.abs(r.nextLong()) % (long) Math.pow(10, 1 + r.nextInt(18));
            same(BigDecimal.valueOf(m, r.nextInt(20)).toPlainString());
        }
    }

    @Test
    void notANumberIsRejected() {
        assertThatThrownBy(() -> DecimalParser.parse("busy", 0, 4)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> DecimalParser.parse(" . ", 0, 3)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> DecimalParser.parse("1.2.3", 0, 5)).isInstanceOf(NumberFormatException.class);
        assertThat(DecimalParser.parse("-5.0", 0, 4)).isEqualTo(-5.0);
    }
}
