package dev.krr.notifier.app;

import dev.krr.notifier.domain.Subscription;

/** Port: starts and stops the delivery of one subscription (its consumer, queue and worker). */
public interface DeliveryRuntime {

    void start(Subscription subscription);

    void stop(String subscriptionId);
}
