package dev.krr.testsupport;

/** A running, real Kafka broker for a test. Closing it stops the broker and deletes its data. */
public interface KafkaBroker extends AutoCloseable {

    /** {@code host:port} list clients connect to. */
    String bootstrapServers();

    /** "embedded-kraft" or "testcontainers", for test logs. */
    String kind();

    @Override
    void close();
}
