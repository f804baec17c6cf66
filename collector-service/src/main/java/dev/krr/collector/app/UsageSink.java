package dev.krr.collector.app;

import dev.krr.collector.domain.UsageWindow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where usage windows go, together with the watermark they advance. Implementations must make
 * the windows and the watermark visible atomically (all or nothing): that is what gives "no gap
 * and no double count" after a crash.
 */
public interface UsageSink {

    /** Publishes {@code windows} and moves the watermark of {@code source} to {@code watermark}, atomically. */
    void publish(String source, List<UsageWindow> windows, Instant watermark);

    /** The last committed watermark of {@code source}: usage before it has been published. */
    Optional<Instant> watermark(String source);
}
