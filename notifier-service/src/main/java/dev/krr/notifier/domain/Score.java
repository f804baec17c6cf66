package dev.krr.notifier.domain;

import java.util.Collection;

/**
 * KRR's score of a set of container rows: {@code (N - sum of weights) / N * 100}, with WARNING
 * weighing 0.7 and CRITICAL 1 (GOOD, OK and UNKNOWN nothing), and its letter grade
 * A >= 90, B >= 70, C >= 55, D >= 30, else F. No rows score 100 (nothing to fix).
 *
 * <p>Worked example: 10 containers, 2 WARNING and 1 CRITICAL: (10 - 1.4 - 1) / 10 * 100 = 76,
 * grade B.
 */
public record Score(double value, String grade) {

    public static Score of(Collection<Severity> containerSeverities) {
        int n = containerSeverities.size();
        if (n == 0) {
            return new Score(100.0, "A");
        }
        double cost = 0;
        for (Severity s : containerSeverities) {
            cost += s.scoreWeight();
        }
        double value = Math.round((n - cost) / n * 1000.0) / 10.0;
        return new Score(value, grade(value));
    }

    static String grade(double value) {
        if (value >= 90) {
            return "A";
        }
        if (value >= 70) {
            return "B";
        }
        if (value >= 55) {
            return "C";
        }
        if (value >= 30) {
            return "D";
        }
        return "F";
    }
}
