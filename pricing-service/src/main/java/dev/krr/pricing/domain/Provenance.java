package dev.krr.pricing.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an answer's price came from and how far to trust it: the source, the date it was
 * published, whether (and how) it was estimated rather than listed, whether it is older than the
 * configured maximum age, and the source's known caveats.
 */
public record Provenance(
        String source,
        Optional<LocalDate> effectiveDate,
        boolean estimated,
        String estimationBasis,
        boolean stale,
        List<String> caveats) {

    public Provenance {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(estimationBasis, "estimationBasis");
        caveats = List.copyOf(caveats);
    }
}
