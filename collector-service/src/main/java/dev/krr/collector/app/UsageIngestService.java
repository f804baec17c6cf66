package dev.krr.collector.app;

import dev.krr.collector.domain.OomKill;
import dev.krr.collector.domain.TimeWindows;
import dev.krr.collector.domain.UsageWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves usage from a {@link UsageSource} to the {@link UsageSink}: first a backfill of the
 * configured history, then an incremental follow, always from the committed watermark.
 *
 * <p>Each {@link #catchUp()} reads {@code [watermark, target)} in chunks of at most
 * {@link UsageSource#maxChunk()} aligned to the chunk length, and publishes each chunk with its
 * new watermark atomically; a failure leaves the watermark where it was, so the next attempt reads
 * the same chunk again (no gap) and the aborted one was never visible (no double count). The
 * target is {@code now - lag} floored to the step: with a 1 m step and 1 m lag at 10:00:30 the
 * target is 09:59.
 */
public class UsageIngestService {

    private static final Logger log = LoggerFactory.getLogger(UsageIngestService.class);

    private final UsageSource source;
    private final UsageSink sink;
    private final ClusterView cluster;
    private final Clock clock;
    private final Duration history;
    private final Duration step;
    private final Duration batchWindow;
    private final Duration lag;

    private volatile IngestStatus status;
    private Instant backfillFrom;
    private Instant backfillTo;
    private int lastLoggedDecile = -1;
    private long windowsPublished;
    private long chunksRead;

    public UsageIngestService(UsageSource source, UsageSink sink, ClusterView cluster, Clock clock, Duration history,
            Duration step, Duration batchWindow, Duration lag) {
        if (batchWindow.toMillis() % step.toMillis() != 0) {
            throw new IllegalArgumentException("usage batch-window " + batchWindow + " must be a multiple of the step " + step);
        }
        this.source = source;
        this.sink = sink;
        this.cluster = cluster;
        this.clock = clock;
        this.history = history;
        this.step = step;
        this.batchWindow = batchWindow;
        this.lag = lag;
        this.status = new IngestStatus(source.name(), IngestStatus.Phase.WAITING_FOR_CLUSTER, null, null, null, 0, 0, 0, null);
    }

    public IngestStatus status() {
        return status;
    }

    /**
     * Publishes everything between the watermark and now; returns the number of windows published.
     * Safe to call repeatedly (the follow loop calls it every follow interval).
     */
    public synchronized long catchUp() {
        if (!cluster.ready()) {
            return 0;
        }
        Instant target = TimeWindows.floor(clock.instant().minus(lag), step);
        Instant watermark = sink.watermark(source.name()).orElseGet(() -> initialWatermark(target));
        if (backfillFrom == null) {
            backfillFrom = watermark;
            backfillTo = target;
            log.info("usage ingest from '{}': resuming at watermark {}, backfill up to {} ({} to read)", source.name(),
                    watermark, target, Duration.between(watermark, target).isNegative() ? Duration.ZERO : Duration.between(watermark, target));
        }
        long published = 0;
        try {
            while (watermark.isBefore(target)) {
                Duration chunk = source.maxChunk();
                Instant chunkEnd = TimeWindows.floor(watermark, chunk).plus(chunk);
                if (chunkEnd.isAfter(target)) {
                    chunkEnd = target;
                }
                List<UsageWindow> windows = source.read(watermark, chunkEnd, batchWindow).stream()
                        .map(w -> OomKill.merge(w, cluster.oomKills(w.workload()))).toList();
                chunksRead++;
                sink.publish(source.name(), windows, chunkEnd);
                watermark = chunkEnd;
                published += windows.size();
                windowsPublished += windows.size();
                updateStatus(watermark, null);
            }
            updateStatus(watermark, null);
        } catch (RuntimeException e) {
            log.warn("usage ingest from '{}' stopped at watermark {}: {} (will resume from there)", source.name(), watermark,
                    e.getMessage());
            updateStatus(watermark, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return published;
    }

    private Instant initialWatermark(Instant target) {
        Instant start = TimeWindows.floor(target.minus(source.hasHistory() ? history : Duration.ZERO), batchWindow);
        return source.hasHistory() ? start : target.minus(step);
    }

    private void updateStatus(Instant watermark, String error) {
        double total = Duration.between(backfillFrom, backfillTo).toMillis();
        double done = Duration.between(backfillFrom, watermark).toMillis();
        double percent = total <= 0 ? 100 : Math.min(100, 100 * done / total);
        IngestStatus.Phase phase = percent >= 100 ? IngestStatus.Phase.FOLLOW : IngestStatus.Phase.BACKFILL;
        int decile = (int) (percent / 10);
        if (decile != lastLoggedDecile && total > 0) {
            lastLoggedDecile = decile;
            log.info("usage backfill from '{}': {}% ({} of {} read, {} windows published)", source.name(),
                    String.format("%.0f", percent), Duration.between(backfillFrom, watermark.isAfter(backfillTo) ? backfillTo : watermark),
                    Duration.between(backfillFrom, backfillTo), windowsPublished);
        }
        status = new IngestStatus(source.name(), phase, backfillFrom, backfillTo, watermark, percent, windowsPublished,
                chunksRead, error);
    }
}
