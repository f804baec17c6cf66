package dev.krr.pricing.app;

import dev.krr.pricing.domain.PriceBook;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The price book every lookup reads. Reloads build a new book off to the side and swap it in
 * atomically, so a lookup sees either the old or the new catalog, never a mix, and a failed reload
 * leaves the last good book serving.
 */
public final class CurrentPriceBook {

    private final AtomicReference<Snapshot> current;

    public CurrentPriceBook(PriceBook initial, Instant loadedAt) {
        this.current = new AtomicReference<>(new Snapshot(initial, loadedAt, 1));
    }

    public PriceBook get() {
        return current.get().book();
    }

    public Snapshot snapshot() {
        return current.get();
    }

    public void replace(PriceBook book, Instant loadedAt) {
        Objects.requireNonNull(book, "book");
        current.updateAndGet(old -> new Snapshot(book, loadedAt, old.version() + 1));
    }

    /** A book with when it was loaded and a version that counts swaps. */
    public record Snapshot(PriceBook book, Instant loadedAt, long version) {
    }
}
