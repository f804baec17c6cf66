package dev.krr.collector.adapter.out.kubelet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The body side of one scrape, shared by both clients: feeds a 2xx body into the parser chunk by
 * chunk as it arrives, or keeps the start of an error body for the message. Chunks come one at a
 * time on the HTTP client's threads; {@link #abandon()} (after a timeout) takes the same lock, so
 * once it returns no consumer call is running and none will start: a late body cannot write into
 * a buffer the scrape loop already counted as failed.
 */
final class BodyFeed {

    private static final int ERROR_BODY_BYTES = 512;

    private final ResourceMetricsParser parser;
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteArrayOutputStream errorBody = new ByteArrayOutputStream();
    private boolean success;
    private boolean abandoned;
    private RuntimeException failure;

    BodyFeed(ResourceMetricsParser parser) {
        this.parser = parser;
    }

    /** Called once the status is known, before any chunk. */
    void status(int statusCode) {
        success = statusCode >= 200 && statusCode < 300;
    }

    /** Handles one chunk; returns false when the rest of the body is not wanted (abandoned or the consumer failed). */
    boolean chunk(List<ByteBuffer> buffers) {
        lock.lock();
        try {
            if (abandoned || failure != null) {
                return false;
            }
            for (ByteBuffer buffer : buffers) {
                if (success) {
                    parser.feed(buffer);
                } else if (errorBody.size() < ERROR_BODY_BYTES) {
                    byte[] bytes = new byte[Math.min(buffer.remaining(), ERROR_BODY_BYTES - errorBody.size())];
                    buffer.get(bytes);
                    errorBody.write(bytes, 0, bytes.length);
                }
            }
            return true;
        } catch (RuntimeException e) {
            failure = e;
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** After this returns, no consumer call runs or will run. */
    void abandon() {
        lock.lock();
        try {
            abandoned = true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a 2xx body, rethrowing what the consumer threw while it was fed. */
    ResourceMetricsParser.Result finish() {
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
            return parser.finish();
        } finally {
            lock.unlock();
        }
    }

    /** The start of an error body on one line, for messages. */
    String errorBodyStart() {
        String text = errorBody.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
