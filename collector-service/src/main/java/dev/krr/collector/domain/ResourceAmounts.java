package dev.krr.collector.domain;

/**
 * Requests, limits, allocatable or capacity of the resources krr recommends. {@code null} means
 * "unset", which is a different answer from zero (no CPU limit is not a limit of 0).
 */
public record ResourceAmounts(Long cpuMillicores, Long memoryBytes, Long gpuCount, Long ephemeralStorageBytes) {

    public static final ResourceAmounts NONE = new ResourceAmounts(null, null, null, null);

    public boolean isEmpty() {
        return cpuMillicores == null && memoryBytes == null && gpuCount == null && ephemeralStorageBytes == null;
    }
}
