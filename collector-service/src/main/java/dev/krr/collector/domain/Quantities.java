package dev.krr.collector.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Parses Kubernetes resource quantities ({@code "100m"}, {@code "1.5Gi"}, {@code "2e3"},
 * {@code "512M"}) exactly, with {@link BigDecimal}, because a request of {@code "0.1"} CPU must
 * become exactly 100 millicores and {@code "1.5Gi"} exactly 1,610,612,736 bytes.
 *
 * <p>Anything else (empty, {@code "abc"}, {@code "12Qi"}, a negative amount) is rejected with an
 * {@link IllegalArgumentException} naming the text, so the caller can log it and skip the value
 * instead of publishing a silent zero.
 */
public final class Quantities {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")),
            Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    private Quantities() {
    }

    /** The quantity's value in base units (cores, bytes, count). */
    public static BigDecimal parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("quantity is empty");
        }
        String s = text.trim();
        int end = s.length();
        while (end > 0 && Character.isLetter(s.charAt(end - 1))) {
            end--;
        }
        String number = s.substring(0, end);
        String suffix = s.substring(end);
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier == null) {
            throw new IllegalArgumentException("quantity '" + text + "' has an unknown suffix '" + suffix + "'");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("quantity '" + text + "' is not a number");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("quantity '" + text + "' is negative");
        }
        return value.multiply(multiplier);
    }

    /** CPU in millicores, rounded up (Kubernetes does the same: "0.0001" is 1m). 0.25 cores = 250. */
    public static long cpuMillicores(String text) {
        return parse(text).multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Bytes (or a count), rounded up to a whole number. "1.5Gi" = 1,610,612,736. */
    public static long wholeUnits(String text) {
        return parse(text).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
