package dev.krr.contracts;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one protobuf message type. A null value stays null (tombstones); bytes that
 * do not parse raise a {@link SerializationException} naming the topic and type, which the
 * services' error handlers route to the dead-letter topic.
 */
public final class ProtobufSerde<T extends Message> implements Serde<T> {

    private final Parser<T> parser;
    private final String typeName;

    private ProtobufSerde(Parser<T> parser, String typeName) {
        this.parser = parser;
        this.typeName = typeName;
    }

    /** A serde for messages of {@code prototype}'s type, e.g. {@code of(UsageBatch.getDefaultInstance())}. */
    @SuppressWarnings("unchecked")
    public static <T extends Message> ProtobufSerde<T> of(T prototype) {
        return new ProtobufSerde<>((Parser<T>) prototype.getParserForType(), prototype.getDescriptorForType().getFullName());
    }

    @Override
    public Serializer<T> serializer() {
        return new ProtoSerializer<>();
    }

    @Override
    public Deserializer<T> deserializer() {
        return new ProtoDeserializer<>(parser, typeName);
    }

    /** Serializer usable on its own (e.g. in producer properties via a subclass). */
    public static class ProtoSerializer<T extends Message> implements Serializer<T> {
        @Override
        public byte[] serialize(String topic, T data) {
            return data == null ? null : data.toByteArray();
        }
    }

    /** Deserializer for one type. */
    public static class ProtoDeserializer<T extends Message> implements Deserializer<T> {
        private final Parser<T> parser;
        private final String typeName;

        public ProtoDeserializer(Parser<T> parser, String typeName) {
            this.parser = parser;
            this.typeName = typeName;
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return parser.parseFrom(data);
            } catch (InvalidProtocolBufferException e) {
                throw new SerializationException("record on topic '" + topic + "' is not a valid " + typeName
                        + " (" + data.length + " bytes): " + e.getMessage(), e);
            }
        }
    }
}
