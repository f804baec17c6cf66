package dev.krr.collector.adapter.out.kubelet;

import dev.krr.collector.domain.KubeletEndpoint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scrapes a kubelet through the API server's node proxy,
 * {@code GET /api/v1/nodes/<node>/proxy/metrics/resource}, with the credentials of a fabric8
 * {@link KubernetesClient}: it works wherever a kubeconfig works (a laptop, a CI job), where the
 * node addresses are not reachable, and needs RBAC {@code get} on {@code nodes/proxy} instead of
 * {@code nodes/metrics}. The price is that every scrape passes through the API server, so for large
 * clusters inside the cluster {@link DirectKubeletClient} is the better road.
 *
 * <p>The client's configuration is copied with fabric8's request retries turned off: fabric8
 * retries 429 and 5xx with exponential backoff (10 times by default, close to two minutes), which
 * would turn a node the API server cannot reach (503) into a scrape timeout; the scrape loop
 * retries on its own schedule instead. {@link #close()} closes that copy, not the given client.
 */
public class ApiServerProxyKubeletClient implements KubeletClient, AutoCloseable {

    private final KubernetesClient client;
    private final String masterUrl;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param kubernetes whose master URL and credentials are used
     * @param timeout    deadline for one whole scrape
     */
    public ApiServerProxyKubeletClient(KubernetesClient kubernetes, Duration timeout, Clock clock) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("krr.collector.kubelet.timeout must be positive, not " + timeout);
        }
        Config config = new ConfigBuilder(kubernetes.getConfiguration()).withRequestRetryBackoffLimit(0).build();
        this.client = new KubernetesClientBuilder().withConfig(config).build();
        String master = client.getMasterUrl().toString();
        this.masterUrl = master.endsWith("/") ? master : master + "/";
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public ResourceMetricsParser.Result scrape(KubeletEndpoint endpoint, ResourceSampleConsumer consumer) {
        return scrape(endpoint, DirectKubeletClient.PATH, new ResourceMetricsParser(endpoint.node(), clock.millis(), consumer));
    }

    /** {@code GET /api/v1/nodes/<node>/proxy/metrics/cadvisor}. */
    @Override
    public ResourceMetricsParser.Result scrapeCadvisor(KubeletEndpoint endpoint, CadvisorCounterConsumer counters) {
        return scrape(endpoint, DirectKubeletClient.CADVISOR_PATH, ResourceMetricsParser.cadvisor(endpoint.node(), clock.millis(), counters));
    }

    private ResourceMetricsParser.Result scrape(KubeletEndpoint endpoint, String kubeletPath, ResourceMetricsParser parser) {
        String node = endpoint.node();
        String path = "/api/v1/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8) + "/proxy" + kubeletPath;
        String url = masterUrl + path.substring(1);
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).header("Accept", DirectKubeletClient.ACCEPT)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
        BodyFeed feed = new BodyFeed(parser);
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        CompletableFuture<HttpResponse<AsyncBody>> response = http.consumeBytes(request, (List<ByteBuffer> chunk, AsyncBody body) -> {
            if (feed.chunk(chunk)) {
                body.consume();
            } else {
                body.cancel();
            }
        });
        AsyncBody body = null;
        try {
            HttpResponse<AsyncBody> answered = response.get(remaining(deadlineNanos), TimeUnit.NANOSECONDS);
            body = answered.body();
            feed.status(answered.code());
            body.consume();
            try {
                body.done().get(remaining(deadlineNanos), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                feed.abandon();
                // the consumer's own failure stopped the body: finish() rethrows it
                if (answered.code() >= 200 && answered.code() < 300) {
                    feed.finish();
                }
                throw e instanceof ExecutionException ee ? ee : new ExecutionException(e);
            }
            int status = answered.code();
            if (status >= 200 && status < 300) {
                return feed.finish();
            }
            throw KubeletFailures.status(node, "API server proxy to the kubelet", path, status, feed.errorBodyStart(), "nodes/proxy",
                    "the kubeconfig's credentials were not accepted by the API server: log in again or check the context");
        } catch (TimeoutException | InterruptedException | ExecutionException e) {
            if (body != null && e instanceof TimeoutException) {
                body.cancel();
            }
            throw KubeletFailures.abandoned(e, feed, response, node, url, timeout);
        }
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    @Override
    public void close() {
        client.close();
    }
}
