package dev.krr.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoreTest {

    @ParameterizedTest(name = "{0} good, {1} warning, {2} critical -> {3} {4}")
    @CsvSource({
            // (10 - 2*0.7 - 1) / 10 * 100 = 76.0
            "7, 2, 1, 76.0, B",
            // nothing to fix
            "4, 0, 0, 100.0, A",
            // (1 - 1) / 1 = 0
            "0, 0, 1, 0.0, F",
            // (3 - 0.7) / 3 * 100 = 76.67 -> 76.7
            "2, 1, 0, 76.7, B",
            // (2 - 0.7) / 2 * 100 = 65
            "1, 1, 0, 65.0, C",
            // (2 - 1) / 2 * 100 = 50
            "1, 0, 1, 50.0, D",
            // (10 - 0.7) / 10 * 100 = 93
            "9, 1, 0, 93.0, A",
    })
    void krrScore(int good, int warning, int critical, double value, String grade) {
        List<Severity> rows = new java.util.ArrayList<>();
        rows.addAll(Collections.nCopies(good, Severity.GOOD));
        rows.addAll(Collections.nCopies(warning, Severity.WARNING));
        rows.addAll(Collections.nCopies(critical, Severity.CRITICAL));
        assertThat(Score.of(rows)).isEqualTo(new Score(value, grade));
    }

    @org.junit.jupiter.api.Test
    void emptyScoresFull() {
        assertThat(Score.of(List.of())).isEqualTo(new Score(100.0, "A"));
    }
}
