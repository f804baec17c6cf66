package dev.krr.notifier.domain;

/**
 * A resource krr recommends, with the unit its values are in. The external name is the
 * Kubernetes resource name, so exports can use it as a key of {@code resources.requests}.
 */
public enum ResourceKind {
    CPU("cpu", "millicores"),
    MEMORY("memory", "bytes"),
    GPU("nvidia.com/gpu", "count"),
    EPHEMERAL_STORAGE("ephemeral-storage", "bytes");

    private final String externalName;
    private final String unit;

    ResourceKind(String externalName, String unit) {
        this.externalName = externalName;
        this.unit = unit;
    }

    /** Kubernetes name: cpu, memory, nvidia.com/gpu, ephemeral-storage. */
    public String externalName() {
        return externalName;
    }

    public String unit() {
        return unit;
    }

    /**
     * The Kubernetes quantity of {@code value} in this resource's unit: 250 millicores is
     * {@code 250m}, 1000 millicores {@code 1}, 268435456 bytes {@code 256Mi}, 1500000 bytes
     * {@code 1500000} (not a whole number of Ki).
     */
    public String quantity(long value) {
        return switch (this) {
            case CPU -> value % 1000 == 0 ? String.valueOf(value / 1000) : value + "m";
            case MEMORY, EPHEMERAL_STORAGE -> bytesQuantity(value);
            case GPU -> String.valueOf(value);
        };
    }

    private static String bytesQuantity(long bytes) {
        String[] suffixes = {"", "Ki", "Mi", "Gi", "Ti"};
        long v = bytes;
        int i = 0;
        while (i < suffixes.length - 1 && v != 0 && v % 1024 == 0) {
            v /= 1024;
            i++;
        }
        return v + suffixes[i];
    }
}
