package dev.krr.pricing.app;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happened the last time each price source (custom pricing file, provider feeds) was
 * loaded: when it last succeeded, when and why it last failed, and how many items it gave. Health
 * and metrics read it; a failure never removes the last good data, it only shows here.
 */
public final class CatalogStatus {

    private final Map<String, SourceStatus> sources = new ConcurrentHashMap<>();

    public void succeeded(String source, Instant at, int items) {
        sources.compute(source, (k, old) -> new SourceStatus(Optional.of(at), old == null ? Optional.empty() : old.lastFailure(),
                List.of(), 0, items, (old == null ? 0 : old.successes()) + 1, old == null ? 0 : old.failures()));
    }

    public void failed(String source, Instant at, List<String> errors) {
        sources.compute(source, (k, old) -> new SourceStatus(old == null ? Optional.empty() : old.lastSuccess(), Optional.of(at),
                List.copyOf(errors), (old == null ? 0 : old.consecutiveFailures()) + 1, old == null ? 0 : old.items(),
                old == null ? 0 : old.successes(), (old == null ? 0 : old.failures()) + 1));
    }

    public Optional<SourceStatus> get(String source) {
        return Optional.ofNullable(sources.get(source));
    }

    public Map<String, SourceStatus> all() {
        return new TreeMap<>(sources);
    }

    /** One source's record; {@code lastErrors} is empty after a success. */
    public record SourceStatus(
            Optional<Instant> lastSuccess,
            Optional<Instant> lastFailure,
            List<String> lastErrors,
            int consecutiveFailures,
            int items,
            long successes,
            long failures) {

        public boolean healthy() {
            return consecutiveFailures == 0;
        }
    }
}
