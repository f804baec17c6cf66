package dev.krr.collector.config;

import dev.krr.contracts.Keys;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the collector ({@code krr.collector.*}); every property is documented in
 * {@code docs/collector-service.md}. Defaults work inside a cluster: the in-cluster service
 * account, Prometheus usage with a 14-day backfill and a one-minute follow.
 */
@ConfigurationProperties("krr.collector")
public record CollectorProperties(String clusterId, @DefaultValue Kubernetes kubernetes, @DefaultValue Discovery discovery,
        @DefaultValue Usage usage, @DefaultValue Prometheus prometheus, @DefaultValue Kubelet kubelet, @DefaultValue Topics topics) {

    public CollectorProperties {
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException("krr.collector.cluster-id is required (e.g. prod-eu-1)");
        }
        Keys.requireValidClusterId(clusterId);
        if ("prometheus".equals(usage.source()) && "kubelet".equals(usage.followSource())) {
            if (kubelet.scrapeInterval().compareTo(usage.step()) >= 0) {
                throw new IllegalArgumentException("krr.collector.kubelet.scrape-interval " + kubelet.scrapeInterval()
                        + " must be shorter than krr.collector.usage.step " + usage.step()
                        + " (each step needs its own counter samples at both ends)");
            }
            // samples are kept until published; the oldest a follow read needs is lag + two follow intervals + a step old
            Duration needed = usage.lag().plus(usage.followInterval().multipliedBy(2)).plus(usage.step())
                    .plus(kubelet.scrapeInterval().multipliedBy(2));
            if (kubelet.retention().compareTo(needed) < 0) {
                throw new IllegalArgumentException("krr.collector.kubelet.retention " + kubelet.retention() + " must be at least "
                        + needed + " (lag + 2 x follow-interval + step + 2 x scrape-interval), or no follow read is ever covered");
            }
        }
    }

    /** Where the Kubernetes API is: an explicit URL, a kubeconfig context, or (both empty) kubeconfig / in-cluster. */
    public record Kubernetes(String masterUrl, String context) {
    }

    /** What is reported. Namespace patterns are whole-name regular expressions. */
    public record Discovery(@DefaultValue List<String> includeNamespaces, @DefaultValue List<String> excludeNamespaces,
            @DefaultValue("") String labelSelector, @DefaultValue Set<String> kinds, @DefaultValue List<String> jobGroupingLabels) {
    }

    /** Usage ingest: which source, how much history, how often. */
    public record Usage(@DefaultValue("prometheus") String source, @DefaultValue("14d") Duration history,
            @DefaultValue("1m") Duration followInterval, @DefaultValue("60s") Duration step,
            @DefaultValue("1h") Duration batchWindow, @DefaultValue("1m") Duration lag, @DefaultValue("1d") Duration demoChunk,
            @DefaultValue("kubelet") String followSource) {

        public static final List<String> SOURCES = List.of("prometheus", "metrics-api", "demo", "none");
        public static final List<String> FOLLOW_SOURCES = List.of("kubelet", "prometheus");

        public Usage {
            source = source.toLowerCase(Locale.ROOT);
            if (!SOURCES.contains(source)) {
                throw new IllegalArgumentException("krr.collector.usage.source '" + source + "' is not one of " + SOURCES);
            }
            followSource = followSource.toLowerCase(Locale.ROOT);
            if (!FOLLOW_SOURCES.contains(followSource)) {
                throw new IllegalArgumentException("krr.collector.usage.follow-source '" + followSource + "' is not one of "
                        + FOLLOW_SOURCES);
            }
            if (step.toSeconds() < 1 || batchWindow.toMillis() % step.toMillis() != 0) {
                throw new IllegalArgumentException("krr.collector.usage.batch-window " + batchWindow
                        + " must be a whole multiple of krr.collector.usage.step " + step);
            }
            if (followInterval.isNegative() || followInterval.isZero()) {
                throw new IllegalArgumentException("krr.collector.usage.follow-interval must be positive, got " + followInterval);
            }
        }
    }

    /** A Prometheus-compatible HTTP API (Prometheus, Thanos, VictoriaMetrics, Mimir). */
    public record Prometheus(@DefaultValue("http://prometheus-operated.monitoring.svc:9090") String url,
            String bearerToken, String bearerTokenFile, String username, String password,
            @DefaultValue Map<String, String> headers, String caFile, @DefaultValue("false") boolean insecureSkipTlsVerify,
            String clusterLabel, String clusterLabelValue, @DefaultValue("24h") Duration chunk,
            @DefaultValue("0") int namespaceBatchSize, @DefaultValue("0") int maxContainersPerQuery,
            @DefaultValue("remote-read") String rawReadApi, @DefaultValue("2m") Duration timeout) {

        public Prometheus {
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException("krr.collector.prometheus.url '" + url + "' must start with http:// or https://");
            }
            if (namespaceBatchSize < 0) {
                throw new IllegalArgumentException("krr.collector.prometheus.namespace-batch-size must be >= 0, got " + namespaceBatchSize);
            }
            if (!"remote-read".equals(rawReadApi) && !"query".equals(rawReadApi)) {
                throw new IllegalArgumentException("krr.collector.prometheus.raw-read-api must be remote-read or query, got '"
                        + rawReadApi + "'");
            }
            if (maxContainersPerQuery < 0) {
                throw new IllegalArgumentException("krr.collector.prometheus.max-containers-per-query must be >= 0, got "
                        + maxContainersPerQuery);
            }
        }
    }

    /**
     * Following usage from the nodes' kubelets ({@code krr.collector.usage.follow-source=kubelet}): how
     * they are reached and how often. {@code auto} connects directly when running in a pod (RBAC
     * {@code get nodes/metrics}, as metrics-server) and through the API server's node proxy otherwise
     * (RBAC {@code get nodes/proxy}; what works from a laptop's kubeconfig).
     */
    public record Kubelet(@DefaultValue("auto") String transport, @DefaultValue("30s") Duration scrapeInterval,
            @DefaultValue("10s") Duration timeout, @DefaultValue("8") int concurrency, @DefaultValue("30m") Duration retention,
            @DefaultValue("/var/run/secrets/kubernetes.io/serviceaccount/token") String bearerTokenFile,
            @DefaultValue(Kubelet.SERVICE_ACCOUNT_CA) String caFile,
            @DefaultValue("false") boolean insecureSkipTlsVerify,
            @DefaultValue({"InternalIP", "Hostname", "ExternalIP"}) List<String> addressTypes, @DefaultValue("https") String scheme) {

        public static final List<String> TRANSPORTS = List.of("auto", "direct", "apiserver-proxy");
        /** Node address types Kubernetes defines (NodeAddressType). */
        public static final List<String> ADDRESS_TYPES = List.of("InternalIP", "ExternalIP", "Hostname", "InternalDNS", "ExternalDNS");
        /** Where Kubernetes mounts the cluster CA into a pod. */
        public static final String SERVICE_ACCOUNT_CA = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

        public Kubelet {
            transport = transport.toLowerCase(Locale.ROOT);
            if (!TRANSPORTS.contains(transport)) {
                throw new IllegalArgumentException("krr.collector.kubelet.transport '" + transport + "' is not one of " + TRANSPORTS);
            }
            if (scrapeInterval.isNegative() || scrapeInterval.isZero()) {
                throw new IllegalArgumentException("krr.collector.kubelet.scrape-interval must be positive, got " + scrapeInterval);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("krr.collector.kubelet.timeout must be positive, got " + timeout);
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("krr.collector.kubelet.concurrency must be >= 1, got " + concurrency);
            }
            if (!"https".equals(scheme) && !"http".equals(scheme)) {
                throw new IllegalArgumentException("krr.collector.kubelet.scheme must be https or http, got '" + scheme + "'");
            }
            if (addressTypes.isEmpty()) {
                throw new IllegalArgumentException("krr.collector.kubelet.address-types must name at least one node address type");
            }
            for (String type : addressTypes) {
                if (!ADDRESS_TYPES.contains(type)) {
                    throw new IllegalArgumentException("krr.collector.kubelet.address-types: '" + type + "' is not one of " + ADDRESS_TYPES);
                }
            }
        }
    }

    /** Topics the collector creates when missing (compacted/retention as in {@code Topics.all()}). */
    public record Topics(@DefaultValue("true") boolean create, @DefaultValue("3") int partitions) {
    }
}
