package dev.krr.collector.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The fabric8 client: {@code krr.collector.kubernetes.master-url} when set (the demo's mock API
 * server), else the kubeconfig context {@code krr.collector.kubernetes.context}, else fabric8's
 * auto-configuration (KUBECONFIG / ~/.kube/config current context / in-cluster service account).
 */
@Configuration(proxyBeanMethods = false)
public class KubernetesClientConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient(CollectorProperties properties) {
        CollectorProperties.Kubernetes k = properties.kubernetes();
        Config config;
        if (k.context() != null && !k.context().isBlank()) {
            config = Config.autoConfigure(k.context());
        } else {
            config = Config.autoConfigure(null);
        }
        if (k.masterUrl() != null && !k.masterUrl().isBlank()) {
            config = new ConfigBuilder(config).withMasterUrl(k.masterUrl()).build();
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
