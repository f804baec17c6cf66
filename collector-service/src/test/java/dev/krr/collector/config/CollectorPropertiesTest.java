package dev.krr.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding {@code krr.collector.*} the way Spring Boot does: defaults that work, one readable line for bad values. */
class CollectorPropertiesTest {

    private static CollectorProperties bind(Map<String, String> props) {
        return new Binder(new MapConfigurationPropertySource(props)).bindOrCreate("krr.collector", CollectorProperties.class);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void defaultsWorkWithOnlyAClusterId() {
        CollectorProperties p = bind(Map.of("krr.collector.cluster-id", "prod-eu-1"));
        assertThat(p.usage().source()).isEqualTo("prometheus");
        assertThat(p.usage().history()).isEqualTo(Duration.ofDays(14));
        assertThat(p.usage().followInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.usage().step()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.usage().batchWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(p.prometheus().chunk()).isEqualTo(Duration.ofHours(24));
        assertThat(p.prometheus().rawReadApi()).isEqualTo("remote-read");
        assertThat(p.prometheus().maxContainersPerQuery()).isZero();
        assertThat(p.prometheus().url()).startsWith("http://");
        assertThat(p.discovery().kinds()).isEmpty();
        assertThat(p.topics().create()).isTrue();
        assertThat(p.usage().followSource()).isEqualTo("kubelet");
        assertThat(p.kubelet().transport()).isEqualTo("auto");
        assertThat(p.kubelet().scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.kubelet().addressTypes()).containsExactly("InternalIP", "Hostname", "ExternalIP");
        assertThat(p.kubelet().caFile()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
        assertThat(p.kubelet().scheme()).isEqualTo("https");
    }

    @Test
    void kubeletFollowSettingsAreCheckedAtStartUp() {
        CollectorProperties p = bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.usage.follow-source", "Prometheus",
                "krr.collector.kubelet.transport", "apiserver-proxy", "krr.collector.kubelet.address-types", "ExternalIP"));
        assertThat(p.usage().followSource()).isEqualTo("prometheus");
        assertThat(p.kubelet().transport()).isEqualTo("apiserver-proxy");
        assertThat(p.kubelet().addressTypes()).containsExactly("ExternalIP");
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.usage.follow-source", "metrics-server")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("krr.collector.usage.follow-source 'metrics-server'"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.kubelet.transport", "ssh")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("krr.collector.kubelet.transport 'ssh'"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.kubelet.scheme", "ftp")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("krr.collector.kubelet.scheme must be https or http"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.kubelet.concurrency", "0")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("krr.collector.kubelet.concurrency must be >= 1"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.kubelet.scrape-interval", "0s")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("krr.collector.kubelet.scrape-interval must be positive"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.kubelet.address-types", "InternalIp")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("'InternalIp' is not one of"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.kubelet.scrape-interval", "60s")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("must be shorter than krr.collector.usage.step"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.kubelet.retention", "3m")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("krr.collector.kubelet.retention PT3M must be at least PT5M"));
        // following from Prometheus: the kubelet settings do not matter
        assertThat(bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.usage.follow-source", "prometheus",
                "krr.collector.kubelet.retention", "3m")).kubelet().retention()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void listsMapsAndDurationsBind() {
        CollectorProperties p = bind(Map.of("krr.collector.cluster-id", "c1",
                "krr.collector.discovery.exclude-namespaces[0]", "kube-.*",
                "krr.collector.discovery.kinds", "Deployment,StatefulSet",
                "krr.collector.prometheus.headers.X-Scope-OrgID", "team-a",
                "krr.collector.usage.source", "DEMO", "krr.collector.usage.history", "2d"));
        assertThat(p.discovery().excludeNamespaces()).isEqualTo(List.of("kube-.*"));
        assertThat(p.discovery().kinds()).isEqualTo(Set.of("Deployment", "StatefulSet"));
        assertThat(p.prometheus().headers()).containsEntry("X-Scope-OrgID", "team-a");
        assertThat(p.usage().source()).isEqualTo("demo");
        assertThat(p.usage().history()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void badValuesNameThePropertyAndTheValue() {
        assertThatThrownBy(() -> bind(Map.of())).satisfies(e -> assertThat(rootCause(e))
                .hasMessageContaining("krr.collector.cluster-id is required"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "a/b"))).satisfies(e -> assertThat(rootCause(e))
                .hasMessageContaining("cluster id 'a/b' is invalid"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.usage.source", "influx")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("krr.collector.usage.source 'influx'"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.usage.batch-window", "90s")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("batch-window"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.prometheus.url", "prometheus:9090")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("krr.collector.prometheus.url 'prometheus:9090'"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.prometheus.raw-read-api", "grpc")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("krr.collector.prometheus.raw-read-api must be"));
        assertThatThrownBy(() -> bind(Map.of("krr.collector.cluster-id", "c", "krr.collector.prometheus.max-containers-per-query", "-1")))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("max-containers-per-query must be >= 0"));
    }
}
