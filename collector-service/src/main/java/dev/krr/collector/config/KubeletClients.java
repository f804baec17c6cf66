package dev.krr.collector.config;

import dev.krr.collector.adapter.out.kubelet.ApiServerProxyKubeletClient;
import dev.krr.collector.adapter.out.kubelet.DirectKubeletClient;
import dev.krr.collector.adapter.out.kubelet.KubeletClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the road to the kubelets from {@code krr.collector.kubelet.transport}. {@code auto} goes
 * direct when the collector runs in a pod (the service-account token is mounted and the API
 * server's service variables are set): that needs only {@code get nodes/metrics} and keeps the
 * scrapes off the API server. Anywhere else (a laptop's kubeconfig) the nodes' addresses are
 * usually unreachable, so the API server's node proxy is the road that works.
 */
final class KubeletClients {

    private static final Logger log = LoggerFactory.getLogger(KubeletClients.class);

    private KubeletClients() {
    }

    static KubeletClient create(CollectorProperties.Kubelet k, KubernetesClient client, Clock clock) {
        String transport = k.transport();
        if ("auto".equals(transport)) {
            boolean inPod = System.getenv("KUBERNETES_SERVICE_HOST") != null && Files.isRegularFile(Path.of(k.bearerTokenFile()));
            transport = inPod ? "direct" : "apiserver-proxy";
        }
        log.info("following usage from the kubelets' /metrics/resource every {} ms ({})", k.scrapeInterval().toMillis(),
                "direct".equals(transport) ? "directly, " + k.scheme() + " to each node's " + k.addressTypes().get(0) : "through the API server's node proxy");
        if ("direct".equals(transport) && k.insecureSkipTlsVerify()) {
            log.warn("krr.collector.kubelet.insecure-skip-tls-verify=true: kubelet certificates are not checked, so the service-account "
                    + "token goes to whatever answers at a node's address; prefer kubelet serving certificates signed by the cluster CA "
                    + "(serverTLSBootstrap)");
        }
        if ("direct".equals(transport) && "http".equals(k.scheme())) {
            log.warn("krr.collector.kubelet.scheme=http: the kubelets are asked without TLS and without the service-account token");
        }
        if ("direct".equals(transport)) {
            Path token = Path.of(k.bearerTokenFile());
            Path ca = k.caFile() == null || k.caFile().isBlank() ? null : Path.of(k.caFile());
            if (ca != null && !Files.exists(ca) && ca.toString().equals(CollectorProperties.Kubelet.SERVICE_ACCOUNT_CA)) {
                ca = null; // the default only applies where Kubernetes mounted it
            }
            return new DirectKubeletClient(new DirectKubeletClient.Settings(k.scheme(), token, ca, k.insecureSkipTlsVerify(), k.timeout()),
                    clock);
        }
        return new ApiServerProxyKubeletClient(client, k.timeout(), clock);
    }
}
