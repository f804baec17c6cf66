package dev.krr.notifier.config;

import dev.krr.notifier.adapter.in.kafka.RecommendationMapper;
import dev.krr.notifier.adapter.in.kafka.RecommendationViewListener;
import dev.krr.notifier.adapter.out.kafka.DeadLetterPublisher;
import dev.krr.notifier.app.RecommendationQueries;
import dev.krr.notifier.domain.RecommendationView;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the materialised view, its Kafka listener, the dead-letter publisher and the queries. */
@Configuration(proxyBeanMethods = false)
public class NotifierConfiguration {

    @Bean
    Clock notifierClock() {
        return Clock.systemUTC();
    }

    @Bean
    RecommendationView recommendationView() {
        return new RecommendationView();
    }

    @Bean
    RecommendationMapper recommendationMapper() {
        return new RecommendationMapper();
    }

    @Bean
    RecommendationQueries recommendationQueries(RecommendationView view) {
        return new RecommendationQueries(view);
    }

    @Bean(destroyMethod = "close")
    DeadLetterPublisher deadLetterPublisher(KafkaProperties kafka, NotifierProperties props) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "krr-notifier-dlq");
        return new DeadLetterPublisher(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                props.deadLetterSendTimeout());
    }

    @Bean
    RecommendationViewListener recommendationViewListener(KafkaProperties kafka, NotifierProperties props,
                                                          RecommendationView view, RecommendationMapper mapper,
                                                          DeadLetterPublisher deadLetters) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put("client.id", "krr-notifier-view");
        return new RecommendationViewListener(config, props.recommendationsTopic(), view, mapper, deadLetters,
                props.view().pollTimeout(), props.view().partitionRefresh());
    }
}
