package dev.krr.strategy.adapter.in.kafka;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A record leaving the topology: the topic it goes to and its serialized value (null for a
 * tombstone). Lets one processor write recommendations and dead letters through one sink.
 */
public record Outbound(String topic, byte[] value) {

    /** Writes only {@link #value()}; the topic is picked by {@link #TOPIC}. */
    public static final Serde<Outbound> SERDE = Serdes.serdeFrom(
            (Serializer<Outbound>) (topic, data) -> data == null ? null : data.value(),
            (topic, data) -> {
                throw new UnsupportedOperationException("Outbound records are never read back");
            });

    public static final TopicNameExtractor<String, Outbound> TOPIC = (key, value, context) -> value.topic();
}
