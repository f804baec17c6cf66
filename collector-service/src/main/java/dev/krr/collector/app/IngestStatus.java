package dev.krr.collector.app;

import java.time.Instant;

/**
 * What usage ingest is doing, for the status endpoint, the progress metric and the log.
 * {@code backfillPercent} is the share of {@code [backfillFrom, backfillTo)} already published.
 */
public record IngestStatus(String source, Phase phase, Instant backfillFrom, Instant backfillTo, Instant watermark,
        double backfillPercent, long windowsPublished, long chunksRead, String lastError) {

    public enum Phase { WAITING_FOR_CLUSTER, BACKFILL, FOLLOW, STOPPED }
}
