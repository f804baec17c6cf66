package dev.krr.strategy.config;

import dev.krr.strategy.adapter.in.kafka.StrategyTopology;
import dev.krr.strategy.adapter.out.kafka.TopicCreator;
import dev.krr.strategy.domain.EmissionPolicy;
import dev.krr.strategy.domain.WorkloadRecommender;
import dev.krr.strategy.domain.state.StateCodec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * The Kafka Streams side: streams settings (application id {@code krr-strategy} unless
 * {@code spring.kafka.streams.application-id} says otherwise, exactly-once v2, state directory
 * {@code krr.strategy.state-dir}, standby replicas {@code krr.strategy.streams.standby-replicas}), the topology, and krr's topics when {@code krr.strategy.topics.create}.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
public class StreamsConfiguration {

    @Bean(name = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
    KafkaStreamsConfiguration defaultKafkaStreamsConfig(KafkaProperties kafka, StrategyProperties props) {
        Map<String, Object> config = new HashMap<>(kafka.buildStreamsProperties());
        config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "krr-strategy");
        config.put(StreamsConfig.STATE_DIR_CONFIG, props.effectiveStateDir());
        config.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) props.topics().replicationFactor());
        config.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, props.streams().standbyReplicas());
        if (!props.streams().instanceId().isBlank()) {
            // static membership: Kafka Streams gives each stream thread's consumer "<id>-<n>"
            config.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, props.streams().instanceId());
        }
        return new KafkaStreamsConfiguration(config);
    }

    /**
     * Leaves the consumer group when the service stops, so a restarted or redeployed instance gets
     * its tasks at once instead of after the old member's session timeout (45 s): in the pipeline
     * benchmark that wait was most of a "restore" (the changelogs themselves restored 20,000
     * workloads in about 2.5 s). Kafka Streams can only do this for a static member, i.e. with
     * {@code krr.strategy.streams.instance-id} set; without one the stopped member stays until its
     * session times out. Off with {@code krr.strategy.streams.leave-group-on-close=false}.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer leaveGroupOnClose(StrategyProperties props) {
        return factory -> factory.setLeaveGroupOnClose(props.streams().leaveGroupOnClose());
    }

    @Bean
    Object strategyTopology(StreamsBuilder builder, StateCodec codec, WorkloadRecommender recommender, EmissionPolicy policy,
                            Clock clock, StrategyProperties props, ObjectProvider<MeterRegistry> registry) {
        StrategyTopology.build(builder, codec, recommender, policy, clock, props.emission().interval(),
                props.emission().refreshInterval(), props.emission().maxRecheckPerInterval(), props.emission().maxDecodedStates(),
                registry.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
        return builder;
    }

    /**
     * Creates missing krr topics before the topology starts (Streams needs its source topics);
     * never alters existing ones. Off with {@code krr.strategy.topics.create=false}.
     */
    @Bean
    TopicCreator.CreatedTopics krrTopicsCreated(KafkaProperties kafka, StrategyProperties props) {
        if (!props.topics().create()) {
            return new TopicCreator.CreatedTopics(List.of());
        }
        return TopicCreator.createMissing(kafka.buildAdminProperties(), props.topics().partitions(),
                props.topics().replicationFactor());
    }
}
