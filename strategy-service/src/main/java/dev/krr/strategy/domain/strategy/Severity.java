package dev.krr.strategy.domain.strategy;

import dev.krr.strategy.domain.model.ResourceKind;

/**
 * KRR's severity of the gap between current and recommended values, ordered from "no answer"
 * to worst; a row's severity is the worst of its cells.
 */
public enum Severity {
    UNKNOWN,
    GOOD,
    OK,
    WARNING,
    CRITICAL;

    private static final double MIB = 1024.0 * 1024.0;

    public Severity worst(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /**
     * KRR's default calculator for one value: both unset → GOOD, one side unset → WARNING, else by
     * the absolute difference. CPU: ≥ 0.5 cores CRITICAL, ≥ 0.25 WARNING, ≥ 0.1 OK, else GOOD
     * (1000m → 400m is 0.6 → CRITICAL; 250m → 100m is 0.15 → OK). Memory: ≥ 500 MiB CRITICAL,
     * ≥ 250 MiB WARNING, ≥ 100 MiB OK, else GOOD.
     *
     * @param current millicores or bytes, null when unset
     * @param recommended millicores or bytes, null when unset
     */
    public static Severity of(ResourceKind kind, Long current, Long recommended) {
        if (current == null && recommended == null) {
            return GOOD;
        }
        if (current == null || recommended == null) {
            return WARNING;
        }
        double diff = Math.abs(current - recommended);
        if (kind == ResourceKind.CPU) {
            double cores = diff / 1000.0;
            return cores >= 0.5 ? CRITICAL : cores >= 0.25 ? WARNING : cores >= 0.1 ? OK : GOOD;
        }
        double mib = diff / MIB;
        return mib >= 500 ? CRITICAL : mib >= 250 ? WARNING : mib >= 100 ? OK : GOOD;
    }
}
