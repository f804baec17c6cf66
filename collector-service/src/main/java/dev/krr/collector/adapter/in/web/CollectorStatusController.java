package dev.krr.collector.adapter.in.web;

import dev.krr.collector.app.ClusterView;
import dev.krr.collector.app.IngestStatus;
import dev.krr.collector.app.SnapshotService;
import dev.krr.collector.app.UsageIngestService;
import dev.krr.collector.config.CollectorProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/status}: discovery counts and usage ingest progress (backfill %, watermark). */
@RestController
public class CollectorStatusController {

    /** The answer of the status endpoint. */
    public record Status(String cluster, Discovery discovery, IngestStatus usage) {
    }

    /** Discovery side of the status. */
    public record Discovery(boolean ready, int workloads, int nodes, long snapshotsPublished, long tombstonesPublished) {
    }

    private final CollectorProperties properties;
    private final ClusterView cluster;
    private final SnapshotService snapshots;
    private final UsageIngestService ingest;

    public CollectorStatusController(CollectorProperties properties, ClusterView cluster, SnapshotService snapshots,
            UsageIngestService ingest) {
        this.properties = properties;
        this.cluster = cluster;
        this.snapshots = snapshots;
        this.ingest = ingest;
    }

    @GetMapping("/api/v1/status")
    public Status status() {
        return new Status(properties.clusterId(), new Discovery(cluster.ready(), snapshots.workloadCount(), snapshots.nodeCount(),
                snapshots.publishedCount(), snapshots.tombstoneCount()), ingest.status());
    }
}
