package dev.krr.strategy.app;

import dev.krr.strategy.domain.model.NodeShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices nodes off the hot path: node snapshots come in, rates go out to the node-rates table.
 * Nodes whose pricing failed because the service was down wait in a pending set and are retried
 * on a timer; every known node is re-priced periodically so that prices follow catalog updates.
 * While pricing is down, the rates table keeps the last rates, which age into "stale" on the
 * strategy side.
 */
public class NodePricingService {

    private static final Logger log = LoggerFactory.getLogger(NodePricingService.class);

    private final NodeRatesLookup lookup;
    private final NodeRatesSink sink;
    private final int batchSize;
    private final Map<String, NodeShape> known = new LinkedHashMap<>();
    private final Map<String, NodeShape> pending = new LinkedHashMap<>();

    public NodePricingService(NodeRatesLookup lookup, NodeRatesSink sink, int batchSize) {
        this.lookup = lookup;
        this.sink = sink;
        this.batchSize = batchSize;
    }

    /** New or changed nodes: price them now (or keep them pending when pricing is down). */
    public synchronized void onNodes(List<NodeShape> nodes) {
        for (NodeShape n : nodes) {
            known.put(key(n), n);
            pending.remove(key(n));
        }
        price(nodes);
    }

    public synchronized void onNodeDeleted(String cluster, String node) {
        String k = cluster + "/" + node;
        known.remove(k);
        pending.remove(k);
        sink.delete(cluster, node);
    }

    /** Retries the nodes that could not be priced because the service was unavailable. */
    public synchronized void retryPending() {
        if (pending.isEmpty()) {
            return;
        }
        List<NodeShape> nodes = new ArrayList<>(pending.values());
        pending.clear();
        price(nodes);
    }

    /** Re-prices every known node. */
    public synchronized void repriceAll() {
        price(new ArrayList<>(known.values()));
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    private void price(List<NodeShape> nodes) {
        for (int from = 0; from < nodes.size(); from += batchSize) {
            List<NodeShape> chunk = nodes.subList(from, Math.min(nodes.size(), from + batchSize));
            try {
                for (NodeRatesLookup.Result r : lookup.lookup(chunk)) {
                    if (r.priced() != null) {
                        sink.publish(r.priced());
                    } else {
                        log.warn("pricing service has no rates for node {}/{} ({} {} {}): {}", r.node().cluster(), r.node().name(),
                                r.node().provider(), r.node().region(), r.node().instanceType(), r.error());
                    }
                }
            } catch (NodeRatesLookup.PricingUnavailableException e) {
                log.warn("pricing unavailable, {} nodes pending: {}", chunk.size(), e.getMessage());
                chunk.forEach(n -> pending.put(key(n), n));
            }
        }
    }

    private static String key(NodeShape n) {
        return n.cluster() + "/" + n.name();
    }
}
