package dev.krr.pricing.domain;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One price as a source published it: the hourly amount, who published it, and when. The date
 * is absent when the source gives none (some catalog rows cite only a commit); such a price is
 * reported as stale because its age cannot be checked.
 */
public record Listing(Money hourly, String source, Optional<LocalDate> effectiveDate) {

    public Listing {
        Objects.requireNonNull(hourly, "hourly");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        if (hourly.amount().signum() < 0) {
            throw new IllegalArgumentException("price must not be negative, got " + hourly);
        }
    }
}
