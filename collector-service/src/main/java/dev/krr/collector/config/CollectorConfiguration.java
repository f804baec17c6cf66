package dev.krr.collector.config;

import dev.krr.collector.adapter.in.kubernetes.KubernetesClusterWatcher;
import dev.krr.collector.adapter.out.demo.DemoUsageSource;
import dev.krr.collector.adapter.out.kafka.KafkaSnapshotPublisher;
import dev.krr.collector.adapter.out.kafka.KafkaUsagePublisher;
import dev.krr.collector.adapter.out.kubelet.KubeletClient;
import dev.krr.collector.adapter.out.kubelet.KubeletUsageFollower;
import dev.krr.collector.adapter.out.metricsapi.MetricsApiUsageSource;
import dev.krr.collector.adapter.out.prometheus.PrometheusClient;
import dev.krr.collector.adapter.out.prometheus.PrometheusUsageSource;
import dev.krr.collector.app.SnapshotService;
import dev.krr.collector.app.UsageIngestService;
import dev.krr.collector.app.UsageSource;
import dev.krr.collector.domain.OwnerChain;
import dev.krr.collector.domain.WorkloadFilter;
import dev.krr.contracts.TopicCreation;
import dev.krr.contracts.Topics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the collector: discovery → snapshots, usage source → ingest → Kafka. */
@Configuration(proxyBeanMethods = false)
public class CollectorConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The collector's topics that were missing at start-up, created before any publisher exists. */
    public record CollectorTopics(List<String> created) {
    }

    /**
     * Creates the collector's topics when missing; never alters existing ones (see
     * {@link TopicCreation}: added partitions would strand keys for a running strategy).
     */
    @Bean
    CollectorTopics collectorTopics(CollectorProperties properties, KafkaProperties kafka) {
        if (!properties.topics().create()) {
            return new CollectorTopics(List.of());
        }
        List<String> mine = List.of(Topics.WORKLOADS, Topics.NODES, Topics.USAGE, Topics.COLLECTOR_WATERMARKS);
        return new CollectorTopics(TopicCreation.createMissing(kafka.buildAdminProperties(), t -> mine.contains(t.name()),
                t -> t.name().equals(Topics.COLLECTOR_WATERMARKS) ? 1 : properties.topics().partitions(), Optional.empty()));
    }

    @Bean(destroyMethod = "close")
    KafkaSnapshotPublisher snapshotPublisher(CollectorProperties properties, KafkaProperties kafka, Clock clock,
            CollectorTopics topicsFirst) {
        return new KafkaSnapshotPublisher(properties.clusterId(), kafka.buildProducerProperties(), kafka.buildConsumerProperties(), clock);
    }

    @Bean(destroyMethod = "close")
    KafkaUsagePublisher usagePublisher(CollectorProperties properties, KafkaProperties kafka, CollectorTopics topicsFirst) {
        return new KafkaUsagePublisher(properties.clusterId(), kafka.buildProducerProperties(), kafka.buildConsumerProperties());
    }

    @Bean
    SnapshotService snapshotService(KafkaSnapshotPublisher publisher) {
        return new SnapshotService(publisher);
    }

    @Bean(destroyMethod = "close")
    KubernetesClusterWatcher clusterWatcher(KubernetesClient client, SnapshotService snapshots, CollectorProperties properties) {
        CollectorProperties.Discovery d = properties.discovery();
        WorkloadFilter filter = new WorkloadFilter(patterns("include-namespaces", d.includeNamespaces()),
                patterns("exclude-namespaces", d.excludeNamespaces()), d.labelSelector(), new HashSet<>(d.kinds()));
        return new KubernetesClusterWatcher(client, snapshots, filter, new OwnerChain(new LinkedHashSet<>(d.jobGroupingLabels())));
    }

    private static List<Pattern> patterns(String property, List<String> regexes) {
        return regexes.stream().map(r -> {
            try {
                return Pattern.compile(r);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("krr.collector.discovery." + property + " '" + r + "' is not a regular expression: "
                        + e.getDescription());
            }
        }).toList();
    }

    /**
     * The kubelet follower when usage comes from Prometheus and is followed from the kubelets
     * ({@code krr.collector.usage.follow-source=kubelet}, the default); empty otherwise.
     */
    public record KubeletFollow(KubeletUsageFollower follower) implements AutoCloseable {
        void start() {
            if (follower != null) {
                follower.start();
            }
        }

        @Override
        public void close() {
            if (follower != null) {
                follower.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    KubeletFollow kubeletFollow(CollectorProperties properties, KubernetesClusterWatcher cluster, KubernetesClient client, Clock clock,
            MeterRegistry meters) {
        CollectorProperties.Usage u = properties.usage();
        if (!"prometheus".equals(u.source()) || !"kubelet".equals(u.followSource())) {
            return new KubeletFollow(null);
        }
        CollectorProperties.Kubelet k = properties.kubelet();
        cluster.kubeletAddressTypes(k.addressTypes());
        KubeletClient kubelets = KubeletClients.create(k, client, clock);
        KubeletUsageFollower follower = new KubeletUsageFollower(kubelets, cluster::kubelets, clock, k.scrapeInterval(),
                k.concurrency(), k.retention(), u.batchWindow()).alignedTo(u.step());
        FunctionCounter.builder("krr.collector.kubelet.scrapes", follower, KubeletUsageFollower::scrapesOk)
                .description("Scrapes of kubelet resource metrics").tag("outcome", "success").register(meters);
        FunctionCounter.builder("krr.collector.kubelet.scrapes", follower, KubeletUsageFollower::scrapesFailed)
                .description("Scrapes of kubelet resource metrics").tag("outcome", "failure").register(meters);
        FunctionCounter.builder("krr.collector.kubelet.cadvisor.scrapes", follower, KubeletUsageFollower::cadvisorScrapesOk)
                .description("Reads of kubelet cAdvisor metrics for CFS counters, one per node per batch window").tag("outcome", "success")
                .register(meters);
        FunctionCounter.builder("krr.collector.kubelet.cadvisor.scrapes", follower, KubeletUsageFollower::cadvisorScrapesFailed)
                .description("Reads of kubelet cAdvisor metrics for CFS counters, one per node per batch window").tag("outcome", "failure")
                .register(meters);
        FunctionCounter.builder("krr.collector.kubelet.samples", follower, KubeletUsageFollower::samplesAccepted)
                .description("Container samples received from kubelets").register(meters);
        Gauge.builder("krr.collector.kubelet.nodes.answering", follower, KubeletUsageFollower::nodesAnswering)
                .description("Nodes whose kubelet answered within the last three scrape intervals").register(meters);
        Gauge.builder("krr.collector.kubelet.round.duration", follower, f -> f.lastRoundDuration().toNanos() / 1e9)
                .description("Wall time of the last scrape round over all kubelets; must stay below the scrape interval")
                .baseUnit("seconds").register(meters);
        Gauge.builder("krr.collector.kubelet.samples.held", follower, KubeletUsageFollower::samplesHeld)
                .description("Kubelet samples held until the usage ingest publishes them").register(meters);
        return new KubeletFollow(follower);
    }

    @Bean
    UsageSource usageSource(CollectorProperties properties, KubernetesClusterWatcher cluster, KubernetesClient client,
            RateLimiterRegistry rateLimiters, BulkheadRegistry bulkheads, RetryRegistry retries,
            CircuitBreakerRegistry circuitBreakers, KubeletFollow kubeletFollow, MeterRegistry meters) {
        CollectorProperties.Usage u = properties.usage();
        return switch (u.source()) {
            case "demo" -> new DemoUsageSource(cluster, u.step(), u.demoChunk());
            case "metrics-api" -> new MetricsApiUsageSource(client, cluster, u.step());
            case "prometheus", "none" -> {
                CollectorProperties.Prometheus p = properties.prometheus();
                if (p.chunk().toMillis() % u.batchWindow().toMillis() != 0) {
                    throw new IllegalArgumentException("krr.collector.prometheus.chunk " + p.chunk()
                            + " must be a whole multiple of krr.collector.usage.batch-window " + u.batchWindow());
                }
                PrometheusClient http = new PrometheusClient(PrometheusClient.Settings.from(p),
                        rateLimiters.rateLimiter("prometheus"), bulkheads.bulkhead("prometheus"), retries.retry("prometheus"),
                        circuitBreakers.circuitBreaker("prometheus"));
                String clusterValue = p.clusterLabelValue() == null || p.clusterLabelValue().isBlank() ? properties.clusterId() : p.clusterLabelValue();
                PrometheusUsageSource prometheus = new PrometheusUsageSource(http, cluster, u.step(), p.chunk(), p.clusterLabel(),
                        clusterValue, p.namespaceBatchSize(), p.maxContainersPerQuery(), "query".equals(p.rawReadApi())
                                ? PrometheusUsageSource.RawReadApi.QUERY : PrometheusUsageSource.RawReadApi.REMOTE_READ);
                if (kubeletFollow.follower() != null) {
                    prometheus.followFrom(kubeletFollow.follower());
                    FunctionCounter.builder("krr.collector.usage.kubelet.reads", prometheus, PrometheusUsageSource::readsFromKubelets)
                            .description("Follow reads whose raw samples came from the kubelets instead of Prometheus").register(meters);
                    FunctionCounter.builder("krr.collector.usage.kubelet.pods.from.prometheus", prometheus,
                                    PrometheusUsageSource::podsFilledFromPrometheus)
                            .description("Pods read from Prometheus in kubelet-followed reads because their node did not answer")
                            .register(meters);
                    FunctionCounter.builder("krr.collector.usage.kubelet.throttling.windows", prometheus,
                                    PrometheusUsageSource::throttlingFromKubelets)
                            .description("Batch windows whose CFS throttling counters came from the kubelets' cAdvisor endpoint")
                            .register(meters);
                }
                yield prometheus;
            }
            default -> throw new IllegalStateException("unknown usage source " + u.source());
        };
    }

    @Bean
    UsageIngestService usageIngestService(UsageSource source, KafkaUsagePublisher sink, KubernetesClusterWatcher cluster,
            Clock clock, CollectorProperties properties, MeterRegistry meters) {
        CollectorProperties.Usage u = properties.usage();
        UsageIngestService ingest = new UsageIngestService(source, sink, cluster, clock, u.history(), u.step(), u.batchWindow(), u.lag());
        Gauge.builder("krr.collector.usage.backfill.progress", ingest, i -> i.status().backfillPercent() / 100)
                .description("Share of the usage backfill published (0..1)").tag("source", source.name()).register(meters);
        Gauge.builder("krr.collector.usage.watermark.lag", ingest, i -> i.status().watermark() == null ? Double.NaN
                        : Duration.between(i.status().watermark(), clock.instant()).toSeconds())
                .description("Seconds between now and the usage watermark").baseUnit("seconds").tag("source", source.name()).register(meters);
        FunctionCounter.builder("krr.collector.usage.windows.published", ingest, i -> i.status().windowsPublished())
                .description("Usage windows (UsageBatch records) published").tag("source", source.name()).register(meters);
        return ingest;
    }

    @Bean
    CollectorLifecycle collectorLifecycle(KubernetesClusterWatcher watcher, UsageIngestService ingest, SnapshotService snapshots,
            CollectorProperties properties, MeterRegistry meters, KubeletFollow kubeletFollow) {
        Gauge.builder("krr.collector.workloads", snapshots, SnapshotService::workloadCount)
                .description("Workloads currently reported").register(meters);
        Gauge.builder("krr.collector.nodes", snapshots, SnapshotService::nodeCount)
                .description("Nodes currently reported").register(meters);
        return new CollectorLifecycle(watcher, ingest, !properties.usage().source().equals("none"), properties.usage().followInterval(),
                kubeletFollow::start);
    }
}
