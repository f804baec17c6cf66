package dev.krr.strategy.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a freshly computed recommendation is worth publishing, so subscribers hear about
 * material changes only (KRR users' most requested feature) plus a periodic refresh. A change is
 * material when anything but a recommended number or an amount changed (current values, reasons,
 * severities, flags), or a recommended number or amount moved by at least {@code minRelativeChange}
 * of the larger of old and new: 200m → 215m is 15/215 = 7% (not material at 10%), 200m → 230m is
 * 13% (material).
 */
public final class EmissionPolicy {

    private final double minRelativeChange;
    private final Duration refreshInterval;

    public EmissionPolicy(double minRelativeChange, Duration refreshInterval) {
        if (minRelativeChange < 0) {
            throw new IllegalArgumentException("minRelativeChange must be >= 0, was " + minRelativeChange);
        }
        this.minRelativeChange = minRelativeChange;
        this.refreshInterval = refreshInterval;
    }

    /**
     * @param previous fingerprint of the last published recommendation, null when none
     * @param lastEmittedAt when it was published, null when never
     */
    public boolean shouldEmit(Fingerprint previous, Fingerprint current, Instant lastEmittedAt, Instant now) {
        if (previous == null || lastEmittedAt == null) {
            return true;
        }
        return isRefreshDue(lastEmittedAt, now) || isMaterial(previous, current);
    }

    /** True when the last publication is {@code refreshInterval} or more ago (or there was none). */
    public boolean isRefreshDue(Instant lastEmittedAt, Instant now) {
        return lastEmittedAt == null || !lastEmittedAt.plus(refreshInterval).isAfter(now);
    }

    /** True when a tolerant value (recommended number, amount) moved materially: 200 → 215 no, 200 → 230 yes at 10%. */
    public boolean isMaterial(double previous, double current) {
        double scale = Math.max(Math.abs(previous), Math.abs(current));
        return scale > 0 && Math.abs(previous - current) / scale >= minRelativeChange;
    }

    public boolean isMaterial(Fingerprint previous, Fingerprint current) {
        if (!previous.exact().equals(current.exact())) {
            return true;
        }
        if (!previous.tolerant().keySet().equals(current.tolerant().keySet())) {
            return true;
        }
        for (Map.Entry<String, Double> e : current.tolerant().entrySet()) {
            if (isMaterial(previous.tolerant().get(e.getKey()), e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a recommendation says, split into values compared exactly and values compared with the
     * relative threshold (recommended numbers, money). Keys name the cell, e.g. {@code app/cpu/request}.
     */
    public record Fingerprint(Map<String, String> exact, Map<String, Double> tolerant) {
        public Fingerprint {
            exact = Map.copyOf(Objects.requireNonNull(exact));
            tolerant = Map.copyOf(Objects.requireNonNull(tolerant));
        }
    }
}
