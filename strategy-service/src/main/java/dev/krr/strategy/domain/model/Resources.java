package dev.krr.strategy.domain.model;

/**
 * CPU and memory quantities of a container; {@code null} means unset (no request / no limit),
 * which Kubernetes treats differently from zero.
 *
 * @param cpuMillicores CPU in millicores, or null
 * @param memoryBytes memory in bytes, or null
 */
public record Resources(Long cpuMillicores, Long memoryBytes) {

    public static final Resources UNSET = new Resources(null, null);

    public Resources {
        if (cpuMillicores != null && cpuMillicores < 0) {
            throw new IllegalArgumentException("cpu_millicores must be >= 0, was " + cpuMillicores);
        }
        if (memoryBytes != null && memoryBytes < 0) {
            throw new IllegalArgumentException("memory_bytes must be >= 0, was " + memoryBytes);
        }
    }

    public Long get(ResourceKind kind) {
        return kind == ResourceKind.CPU ? cpuMillicores : memoryBytes;
    }
}
