package dev.krr.notifier.domain;

/** When a subscription hears about changes. */
public enum DeliveryMode {
    /** One event per recommendation change, in topic order. */
    EVERY_CHANGE,
    /** One event per interval with the top savings per cluster among the changes of the interval. */
    DIGEST
}
