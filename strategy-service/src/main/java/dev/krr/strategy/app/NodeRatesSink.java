package dev.krr.strategy.app;

import dev.krr.strategy.domain.model.PricedNode;

/** Port to the node-rates table. */
public interface NodeRatesSink {

    void publish(PricedNode node);

    /** The node is gone: its rates go too. */
    void delete(String cluster, String node);
}
