package dev.krr.strategy.config;

import dev.krr.strategy.adapter.in.kafka.NodeSnapshotListener;
import dev.krr.strategy.adapter.out.grpc.PricingChannel;
import dev.krr.strategy.adapter.out.grpc.PricingClient;
import dev.krr.strategy.adapter.out.kafka.NodeRatesPublisher;
import dev.krr.strategy.app.NodePricingService;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The node pricing enricher, off the hot path: a listener on node snapshots, a gRPC client to the
 * pricing service (plaintext or TLS, {@link PricingChannel}) guarded by resilience4j (retry around circuit breaker, deadline per attempt), a
 * publisher of node rates, and timers that retry pending nodes and re-price known ones.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
public class PricingConfiguration {

    /** Resilience4j instance name of the pricing client (metrics: resilience4j_*{name="pricing"}). */
    public static final String PRICING = "pricing";

    @Bean(destroyMethod = "close")
    PricingChannel pricingChannel(StrategyProperties props) {
        StrategyProperties.PricingTls tls = props.pricing().tls();
        return PricingChannel.open(props.pricing().address(), new PricingChannel.Tls(tls.enabled(), path(tls.caCertificate()),
                path(tls.certificateChain()), path(tls.privateKey()),
                tls.authority().isBlank() ? Optional.empty() : Optional.of(tls.authority()), tls.refreshInterval(),
                "krr.strategy.pricing.tls."));
    }

    private static Optional<Path> path(String file) {
        return file.isBlank() ? Optional.empty() : Optional.of(Path.of(file));
    }

    @Bean
    PricingClient pricingClient(PricingChannel pricingChannel, StrategyProperties props, Clock clock,
                                ObjectProvider<RetryRegistry> retries, ObjectProvider<CircuitBreakerRegistry> breakers) {
        StrategyProperties.Pricing p = props.pricing();
        Retry retry = retries.getIfAvailable(RetryRegistry::ofDefaults).retry(PRICING, RetryConfig.custom()
                .maxAttempts(p.maxAttempts())
                .waitDuration(p.retryWait())
                .retryOnException(PricingClient::transientFailure)
                .build());
        CircuitBreaker breaker = breakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults).circuitBreaker(PRICING,
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(p.circuitFailureRatePercent())
                        .slidingWindowSize(10)
                        .minimumNumberOfCalls(4)
                        .waitDurationInOpenState(p.circuitOpenDuration())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(PricingClient::transientFailure)
                        .build());
        return new PricingClient(pricingChannel.channel(), p.timeout(), p.currency(), retry, breaker, clock);
    }

    @Bean
    KafkaTemplate<String, byte[]> strategyBytesTemplate(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean
    NodePricingService nodePricingService(PricingClient pricingClient, KafkaTemplate<String, byte[]> strategyBytesTemplate,
                                          StrategyProperties props) {
        return new NodePricingService(pricingClient, new NodeRatesPublisher(strategyBytesTemplate), props.pricing().batchSize());
    }

    @Bean
    NodeSnapshotListener nodeSnapshotListener(NodePricingService service, KafkaTemplate<String, byte[]> strategyBytesTemplate) {
        return new NodeSnapshotListener(service, strategyBytesTemplate);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> nodeListenerContainerFactory(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setBatchListener(true);
        return factory;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService nodePricingTimers(NodePricingService service, StrategyProperties props) {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "krr-node-pricing-timer");
            t.setDaemon(true);
            return t;
        });
        long pending = props.pricing().pendingRetryInterval().toMillis();
        long reprice = props.pricing().repriceInterval().toMillis();
        timers.scheduleWithFixedDelay(safely(service::retryPending), pending, pending, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(safely(service::repriceAll), reprice, reprice, TimeUnit.MILLISECONDS);
        return timers;
    }

    private static Runnable safely(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(PricingConfiguration.class).warn("node pricing timer failed: {}", e.toString());
            }
        };
    }
}
