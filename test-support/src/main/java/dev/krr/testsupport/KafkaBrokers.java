package dev.krr.testsupport;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one way krr's tests get a real broker. Where a Docker engine answers, a Testcontainers
 * {@code apache/kafka} container (the same broker distribution users run); elsewhere, as on the
 * build machines here, spring-kafka-test's in-process KRaft broker (real broker code, real
 * sockets). Set {@code -Dkrr.test.kafka=embedded} to force the embedded one.
 */
public final class KafkaBrokers {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

    private KafkaBrokers() {
    }

    /** Starts a fresh single-node broker; topics are auto-created with {@code partitions} partitions. */
    public static KafkaBroker start(int partitions) {
        boolean forceEmbedded = "embedded".equals(System.getProperty("krr.test.kafka"));
        if (!forceEmbedded && dockerAvailable()) {
            return startContainer(partitions);
        }
        return startEmbedded(partitions);
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static KafkaBroker startEmbedded(int partitions) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.brokerProperty("num.partitions", String.valueOf(partitions));
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("offsets.topic.replication.factor", "1");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return broker.getBrokersAsString();
            }

            @Override
            public String kind() {
                return "embedded-kraft";
            }

            @Override
            public void close() {
                broker.destroy();
            }
        };
    }

    private static KafkaBroker startContainer(int partitions) {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(partitions))
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new KafkaBroker() {
            @Override
            public String bootstrapServers() {
                return container.getBootstrapServers();
            }

            @Override
            public String kind() {
                return "testcontainers";
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
