package dev.krr.notifier.app;

import java.time.Duration;

/**
 * Port: waits between delivery attempts. The Kafka adapter keeps polling its (paused) consumer
 * while it waits, so a long backoff does not cost the subscription its partitions.
 */
@FunctionalInterface
public interface Waiter {

    /** Waits {@code duration}; throws {@link DeliveryAborted} when the delivery must stop (shutdown, partition lost). */
    void await(Duration duration);

    /** The delivery was abandoned without an outcome; the record stays uncommitted and is redelivered later. */
    final class DeliveryAborted extends RuntimeException {
        public DeliveryAborted(String reason) {
            super(reason);
        }
    }
}
