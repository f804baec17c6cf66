package dev.krr.notifier.adapter.out.kafka;

import dev.krr.contracts.Headers;
import dev.krr.events.v1.Recommendation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes records the notifier gave up on to a dead-letter topic, with the reason in the
 * {@link Headers} DLQ headers plus notifier-specific ones (subscription, attempts). The send is
 * acknowledged ({@code acks=all}, idempotent) before it returns, so a caller that commits its
 * offset afterwards never loses the record.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    /** On a webhook dead letter: the subscription id that could not be delivered to. */
    public static final String SUBSCRIPTION_HEADER = "krr-dlq-webhook-subscription";
    /** On a webhook dead letter: how many delivery attempts were made. */
    public static final String ATTEMPTS_HEADER = "krr-dlq-webhook-attempts";
    /** On a webhook dead letter: the event id (idempotency key) of the failed delivery. */
    public static final String EVENT_ID_HEADER = "krr-dlq-webhook-event-id";
    static final String SERVICE = "notifier-service";

    private final KafkaProducer<String, byte[]> producer;
    private final Duration sendTimeout;

    public DeadLetterPublisher(KafkaProducer<String, byte[]> producer, Duration sendTimeout) {
        this.producer = producer;
        this.sendTimeout = sendTimeout;
    }

    /** Dead-letters a record read from {@code originalTopic}; blocks until the broker acknowledged it. */
    public void publish(String dlqTopic, String originalTopic, String position, String key, byte[] value,
                        String errorClass, String errorMessage, Map<String, String> extraHeaders) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.SCHEMA, bytes(Recommendation.getDescriptor().getFullName()));
        headers.add(Headers.DLQ_ORIGINAL_TOPIC, bytes(originalTopic));
        headers.add(Headers.DLQ_ORIGINAL_POSITION, bytes(position));
        headers.add(Headers.DLQ_ERROR_CLASS, bytes(errorClass));
        headers.add(Headers.DLQ_ERROR_MESSAGE, bytes(errorMessage == null ? "" : errorMessage));
        headers.add(Headers.DLQ_SERVICE, bytes(SERVICE));
        extraHeaders.forEach((k, v) -> headers.add(k, bytes(v)));
        try {
            producer.send(new ProducerRecord<>(dlqTopic, null, key, value, headers))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + key + " to " + dlqTopic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not dead-letter " + key + " to " + dlqTopic + ": " + e, e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
