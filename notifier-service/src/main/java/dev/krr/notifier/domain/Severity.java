package dev.krr.notifier.domain;

/**
 * KRR's severity of a recommendation: how far the current settings are from the recommended
 * ones. The order of the constants is the order of seriousness, except {@link #UNKNOWN}, which
 * means "no recommendation" and ranks below {@link #GOOD} for filters and above nothing.
 *
 * <p>The score weight feeds KRR's cluster score (see {@link Score}): WARNING costs 0.7,
 * CRITICAL costs 1, the others nothing.
 */
public enum Severity {
    UNKNOWN(0, 0.0),
    GOOD(1, 0.0),
    OK(2, 0.0),
    WARNING(3, 0.7),
    CRITICAL(4, 1.0);

    private final int rank;
    private final double scoreWeight;

    Severity(int rank, double scoreWeight) {
        this.rank = rank;
        this.scoreWeight = scoreWeight;
    }

    /** 0 for UNKNOWN up to 4 for CRITICAL; used for "at least this severe" filters. */
    public int rank() {
        return rank;
    }

    public double scoreWeight() {
        return scoreWeight;
    }

    public boolean atLeast(Severity minimum) {
        return rank >= minimum.rank;
    }

    /** Parses GOOD/ok/Warning...; a bad value is an {@link IllegalArgumentException} naming it. */
    public static Severity parse(String field, String value) {
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(value.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException(field + " '" + value + "' is not one of GOOD, OK, WARNING, CRITICAL, UNKNOWN");
    }
}
