package dev.krr.collector.adapter.out.kubelet;

import dev.krr.collector.domain.KubeletEndpoint;

/**
 * Reads one node's kubelet resource metrics ({@code /metrics/resource}, the endpoint
 * metrics-server scrapes) and hands each container sample to a {@link ResourceSampleConsumer}.
 * Implementations differ only in the road they take to the kubelet: straight to the node
 * ({@link DirectKubeletClient}, from inside the cluster) or through the API server's node proxy
 * ({@link ApiServerProxyKubeletClient}, from anywhere a kubeconfig works).
 *
 * <p>Implementations are safe to call concurrently for different nodes. All consumer calls of one
 * scrape happen before {@code scrape} returns or throws, one at a time, though not necessarily on
 * the calling thread; none happens afterwards, even when the scrape timed out.
 */
public interface KubeletClient {

    /**
     * Scrapes one node.
     *
     * @return what the parser accepted and skipped
     * @throws KubeletScrapeException when the kubelet could not be read or answered something that is not
     *         resource metrics; {@link KubeletScrapeException#permanent()} says whether retrying can help
     */
    ResourceMetricsParser.Result scrape(KubeletEndpoint endpoint, ResourceSampleConsumer consumer);
}
