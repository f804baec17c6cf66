package dev.krr.collector.adapter.out.kubelet;

import dev.krr.collector.domain.KubeletEndpoint;

/**
 * Reads one node's kubelet resource metrics ({@code /metrics/resource}, the endpoint
 * metrics-server scrapes) and hands each container sample to a {@link ResourceSampleConsumer};
 * now and then also its cAdvisor metrics ({@code /metrics/cadvisor}) for the CFS counters.
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

    /**
     * Reads one node's cAdvisor metrics ({@code /metrics/cadvisor}) and hands the CFS throttling
     * counters of its containers to {@code counters}; same road, deadline and failure rules as
     * {@link #scrape}. The body is large (every cAdvisor family of every cgroup), so this is meant for
     * a read now and then (once per batch window), not for every scrape.
     *
     * @throws KubeletScrapeException as {@link #scrape} does
     */
    ResourceMetricsParser.Result scrapeCadvisor(KubeletEndpoint endpoint, CadvisorCounterConsumer counters);
}
