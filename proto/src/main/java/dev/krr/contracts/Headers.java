package dev.krr.contracts;

/**
 * Kafka header names krr writes. Dead-letter records carry the error so an operator can tell
 * why a record was rejected without the producing service's logs.
 */
public final class Headers {

    /** Protobuf full name of the value, e.g. {@code krr.events.v1.UsageBatch}. */
    public static final String SCHEMA = "krr-schema";
    /** Cluster id of the producing collector. */
    public static final String CLUSTER = "krr-cluster";
    /** Common prefix of every dead-letter header below. */
    public static final String DLQ_PREFIX = "krr-dlq-";
    /** On a dead-letter record: the topic the record was read from. */
    public static final String DLQ_ORIGINAL_TOPIC = "krr-dlq-original-topic";
    /** On a dead-letter record: partition and offset of the original record, "p@offset". */
    public static final String DLQ_ORIGINAL_POSITION = "krr-dlq-original-position";
    /** On a dead-letter record: class of the exception. */
    public static final String DLQ_ERROR_CLASS = "krr-dlq-error-class";
    /** On a dead-letter record: the error message, naming what was wrong. */
    public static final String DLQ_ERROR_MESSAGE = "krr-dlq-error-message";
    /** On a dead-letter record: the service that gave up on it. */
    public static final String DLQ_SERVICE = "krr-dlq-service";

    private Headers() {
    }
}
