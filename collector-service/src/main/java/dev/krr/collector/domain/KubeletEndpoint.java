package dev.krr.collector.domain;

/**
 * Where one node's kubelet serves its API: the node's name (for the API server's node proxy) and
 * the address and port a collector inside the cluster connects to directly. The address comes from
 * the node's {@code status.addresses} (InternalIP first) and the port from
 * {@code status.daemonEndpoints.kubeletEndpoint.Port} (10250 when the node does not say).
 */
public record KubeletEndpoint(String node, String address, int port) {

    public KubeletEndpoint {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("kubelet endpoint without a node name");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("kubelet port " + port + " of node " + node + " is not a TCP port");
        }
    }
}
