package dev.krr.pricing.adapter.out.custom;

import dev.krr.pricing.app.CatalogStatus;
import dev.krr.pricing.app.PriceLayers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Loads the custom pricing file at start-up (an invalid file stops start-up: there is no last
 * good version yet) and then checks it every poll interval. A change is applied once two
 * consecutive polls read the same content, so a half-written file is never loaded. A changed file that parses replaces
 * the custom layer; one that does not is rejected as a whole, its errors (with line numbers) are
 * logged and shown in {@link CatalogStatus}, and the last good prices keep serving. Polling the
 * content instead of watching inotify events also sees ConfigMap symlink swaps and network
 * filesystems.
 */
public final class CustomPricingFileWatcher implements SmartLifecycle {

    /** Name of this source in {@link CatalogStatus}. */
    public static final String SOURCE = "custom-file";

    private static final Logger log = LoggerFactory.getLogger(CustomPricingFileWatcher.class);

    private final Path file;
    private final Duration pollInterval;
    private final PriceLayers layers;
    private final CatalogStatus status;
    private final Clock clock;
    private ScheduledExecutorService executor;
    private volatile String lastDigest = "";
    private volatile String pendingDigest = "";

    public CustomPricingFileWatcher(Path file, Duration pollInterval, PriceLayers layers, CatalogStatus status, Clock clock) {
        this.file = file;
        this.pollInterval = pollInterval;
        this.layers = layers;
        this.status = status;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        List<String> errors = check(true);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("krr.pricing.custom.file " + file + " is invalid: " + String.join("; ", errors));
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custom-pricing-watcher");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::checkQuietly, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Starts before the gRPC server so the first answer already includes custom prices. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.error("checking custom pricing file {} failed", file, e);
        }
    }

    /** One poll; returns the errors that rejected the file (empty if fine, unchanged or not yet settled). */
    synchronized List<String> check() {
        return check(false);
    }

    /**
     * Reloads when the content changed and (except at start-up) was the same at the previous poll:
     * a file caught half-written by an editor is never applied.
     */
    private List<String> check(boolean initial) {
        byte[] bytes = null;
        LocalDate modified = null;
        String problem = null;
        try {
            bytes = Files.readAllBytes(file);
            modified = LocalDate.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneOffset.UTC);
        } catch (NoSuchFileException e) {
            problem = file + ": file not found";
        } catch (IOException e) {
            problem = file + ": cannot read: " + e.getMessage();
        }
        String digest = problem != null ? problem : digest(bytes);
        if (digest.equals(lastDigest)) {
            return List.of();
        }
        if (!initial && !digest.equals(pendingDigest)) {
            pendingDigest = digest;
            return List.of();
        }
        if (problem != null) {
            return reject(List.of(problem), digest);
        }
        CustomPricingParser.Result result = new CustomPricingParser(file.getFileName().toString(), modified)
                .parse(new String(bytes, StandardCharsets.UTF_8));
        if (result.data().isEmpty()) {
            return reject(result.errors(), digest);
        }
        try {
            layers.replaceCustom(result.data().get());
        } catch (IllegalArgumentException e) {
            return reject(List.of(file + ": " + e.getMessage()), digest);
        }
        lastDigest = digest;
        int items = result.data().get().entries().size() + result.data().get().rateCards().size() + result.data().get().discounts().size();
        status.succeeded(SOURCE, clock.instant(), items);
        log.info("custom pricing file {} loaded: {} instances, {} rate cards, {} discounts", file,
                result.data().get().entries().size(), result.data().get().rateCards().size(), result.data().get().discounts().size());
        return List.of();
    }

    private List<String> reject(List<String> errors, String digest) {
        if (!digest.equals(lastDigest)) {
            log.warn("custom pricing file {} rejected, the last good prices keep serving: {}", file, String.join("; ", errors));
            status.failed(SOURCE, clock.instant(), errors);
            lastDigest = digest;
        }
        return errors;
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
