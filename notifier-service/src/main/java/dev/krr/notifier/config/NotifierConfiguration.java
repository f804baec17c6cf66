package dev.krr.notifier.config;

import dev.krr.notifier.adapter.in.kafka.RecommendationMapper;
import dev.krr.notifier.adapter.in.kafka.RecommendationViewHealthIndicator;
import dev.krr.notifier.adapter.in.kafka.RecommendationViewListener;
import dev.krr.notifier.adapter.out.kafka.DeadLetterPublisher;
import dev.krr.notifier.app.RecommendationQueries;
import dev.krr.notifier.domain.RecommendationView;
import dev.krr.notifier.adapter.out.report.CsvReportWriter;
import dev.krr.notifier.adapter.out.report.HtmlReportWriter;
import dev.krr.notifier.adapter.out.report.JsonReportWriter;
import dev.krr.notifier.app.ReportService;
import dev.krr.notifier.adapter.out.kubernetes.KubernetesExporter;
import dev.krr.notifier.adapter.out.metrics.RecommendationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.List;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
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

    @Bean
    RecommendationMetrics recommendationMetrics(RecommendationView view, MeterRegistry registry) {
        return new RecommendationMetrics(view, registry);
    }

    /** Refreshes the per-recommendation gauges every {@code krr.notifier.metrics-refresh} on one daemon thread. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService recommendationMetricsRefresher(RecommendationMetrics metrics, NotifierProperties props) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "krr-notifier-metrics");
            t.setDaemon(true);
            return t;
        });
        long period = props.metricsRefresh().toMillis();
        executor.scheduleWithFixedDelay(metrics::refresh, period, period, TimeUnit.MILLISECONDS);
        return executor;
    }

    @Bean
    KubernetesExporter kubernetesExporter(Clock clock) {
        return new KubernetesExporter(clock);
    }

    @Bean
    ReportService reportService(RecommendationQueries queries, Clock clock) {
        return new ReportService(queries, List.of(
                new JsonReportWriter(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build(), "json",
                        "application/json"),
                new JsonReportWriter(YAMLMapper.builder().build(), "yaml", "application/yaml"),
                new CsvReportWriter(),
                new HtmlReportWriter(clock)));
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

    @Bean
    RecommendationViewHealthIndicator recommendationViewHealthIndicator(RecommendationViewListener listener) {
        return new RecommendationViewHealthIndicator(listener);
    }
}
