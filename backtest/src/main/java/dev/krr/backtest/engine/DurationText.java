package dev.krr.backtest.engine;

import java.time.Duration;
import java.util.Locale;

/** Durations as users type them: {@code 14d}, {@code 12h}, {@code 30m}, or ISO-8601 ({@code PT6H}). */
public final class DurationText {

    private DurationText() {
    }

    /** Parses {@code text}; the error names {@code what} and the value. */
    public static Duration parse(String what, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            switch (t.charAt(t.length() - 1)) {
                case 'd':
                    return Duration.ofDays(n);
                case 'h':
                    return Duration.ofHours(n);
                case 'm':
                    return Duration.ofMinutes(n);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // reported below with the name and value
        }
        throw new IllegalArgumentException(what + " must be a duration such as 1d, 12h, 30m or PT6H, was '" + text + "'");
    }
}
