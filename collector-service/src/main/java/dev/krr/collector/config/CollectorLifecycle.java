package dev.krr.collector.config;

import dev.krr.collector.adapter.in.kubernetes.KubernetesClusterWatcher;
import dev.krr.collector.app.UsageIngestService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts discovery (informers + the start-up resync) once the context is up and the topics
 * exist, then runs usage ingest: a catch-up right away (the backfill) and again every follow
 * interval; when usage is followed from the kubelets, their scrapes start with the ingest (the
 * backfill reads Prometheus meanwhile, so the kubelets cover the follow by the time it begins).
 * Stops in reverse order.
 */
public class CollectorLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CollectorLifecycle.class);

    private final KubernetesClusterWatcher watcher;
    private final UsageIngestService ingest;
    private final boolean ingestEnabled;
    private final Duration followInterval;
    private final Runnable startKubeletFollow;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    public CollectorLifecycle(KubernetesClusterWatcher watcher, UsageIngestService ingest, boolean ingestEnabled,
            Duration followInterval, Runnable startKubeletFollow) {
        this.startKubeletFollow = startKubeletFollow;
        this.watcher = watcher;
        this.ingest = ingest;
        this.ingestEnabled = ingestEnabled;
        this.followInterval = followInterval;
    }

    @Override
    public void start() {
        watcher.start();
        if (ingestEnabled) {
            startKubeletFollow.run();
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "krr-usage-ingest");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::catchUp, 0, followInterval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            log.info("usage ingest disabled (krr.collector.usage.source=none)");
        }
        running = true;
    }

    private void catchUp() {
        try {
            ingest.catchUp();
        } catch (RuntimeException e) {
            log.warn("usage catch-up failed: {}", e.toString(), e);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
