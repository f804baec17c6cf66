package dev.krr.contracts;

import java.util.Objects;

/**
 * Record keys of krr's topics. A workload key is {@code cluster/namespace/kind/name}, a node key
 * {@code cluster/node}. Kubernetes names cannot contain '/', and cluster ids are validated to
 * exclude it, so the split is unambiguous.
 */
public final class Keys {

    private Keys() {
    }

    /** {@code cluster/namespace/kind/name}: usage, workloads and recommendations of one workload share a partition. */
    public static String workload(String cluster, String namespace, String kind, String name) {
        return join(cluster, namespace, kind, name);
    }

    /** {@code cluster/node}. */
    public static String node(String cluster, String node) {
        return join(cluster, node);
    }

    /** A parsed workload key. */
    public record WorkloadKey(String cluster, String namespace, String kind, String name) {
        @Override
        public String toString() {
            return workload(cluster, namespace, kind, name);
        }
    }

    /** A parsed node key. */
    public record NodeKey(String cluster, String node) {
        @Override
        public String toString() {
            return Keys.node(cluster, node);
        }
    }

    /** Parses a workload key; a malformed key is an {@link IllegalArgumentException} naming it. */
    public static WorkloadKey parseWorkload(String key) {
        String[] parts = split(key, 4, "cluster/namespace/kind/name");
        return new WorkloadKey(parts[0], parts[1], parts[2], parts[3]);
    }

    /** Parses a node key; a malformed key is an {@link IllegalArgumentException} naming it. */
    public static NodeKey parseNode(String key) {
        String[] parts = split(key, 2, "cluster/node");
        return new NodeKey(parts[0], parts[1]);
    }

    /** Rejects cluster ids that would break keys: empty, or containing '/' or whitespace. */
    public static String requireValidClusterId(String cluster) {
        if (cluster == null || cluster.isBlank() || !cluster.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("cluster id '" + cluster
                    + "' is invalid: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return cluster;
    }

    private static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String p = Objects.requireNonNull(parts[i], "key part " + i);
            if (p.isEmpty() || p.indexOf('/') >= 0) {
                throw new IllegalArgumentException("key part '" + p + "' must be non-empty and contain no '/'");
            }
            if (i > 0) {
                sb.append('/');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    private static String[] split(String key, int expected, String format) {
        if (key == null) {
            throw new IllegalArgumentException("key is null, expected " + format);
        }
        String[] parts = key.split("/", -1);
        if (parts.length != expected) {
            throw new IllegalArgumentException("key '" + key + "' is not of the form " + format);
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("key '" + key + "' has an empty part, expected " + format);
            }
        }
        return parts;
    }
}
