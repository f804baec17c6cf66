package dev.krr.strategy.app;

import dev.krr.strategy.domain.model.NodeShape;
import dev.krr.strategy.domain.model.PricedNode;
import java.util.List;

/** Port to the pricing service: rates for many nodes in one call. */
public interface NodeRatesLookup {

    /**
     * One result per node, in order; an item the service could not price carries its error.
     *
     * @throws PricingUnavailableException when the service cannot be reached (after retries) or its circuit is open
     */
    List<Result> lookup(List<NodeShape> nodes);

    /** Either rates or the pricing service's reason for not giving any. */
    record Result(NodeShape node, PricedNode priced, String error) {
    }

    /** The pricing service did not answer. */
    final class PricingUnavailableException extends RuntimeException {
        public PricingUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
