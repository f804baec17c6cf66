package dev.krr.backtest.trace;

/**
 * Parses the plain decimals that fill trace files ({@code 87.7799835}, {@code 8218624.0}) straight
 * from the line, without a substring per field — reading the 3.9 million Bitbrains rows is most of
 * a backtest's CPU time. The result is bit-for-bit {@link Double#parseDouble}'s: when the digits
 * form an integer mantissa below 2^53 and there are at most 22 decimals, both the mantissa and
 * 10^decimals are exact doubles, so one IEEE division is correctly rounded, exactly as
 * {@code parseDouble} rounds (877,799,835 / 10^7 → 87.7799835). Anything else (exponents, signs,
 * NaN, 17+ significant digits such as {@code 17.333330753333335}) goes to {@code parseDouble}.
 */
final class DecimalParser {

    private static final double[] POW10 = new double[23];
    private static final long MAX_EXACT = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private DecimalParser() {
    }

    /** Parses {@code s[from, to)} ignoring surrounding whitespace; NumberFormatException when it is not a number. */
    static double parse(String s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        long mantissa = 0;
        int decimals = 0;
        boolean point = false;
        boolean digits = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa >= MAX_EXACT) {
                    return Double.parseDouble(s.substring(from, to));
                }
                digits = true;
                if (point) {
                    decimals++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                return Double.parseDouble(s.substring(from, to));
            }
        }
        if (!digits || decimals >= POW10.length) {
            return Double.parseDouble(s.substring(from, to));
        }
        return decimals == 0 ? mantissa : mantissa / POW10[decimals];
    }
}
