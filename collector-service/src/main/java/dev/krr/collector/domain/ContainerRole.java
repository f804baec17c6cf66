package dev.krr.collector.domain;

/**
 * How a container runs in its pod. KRR only sees {@link #MAIN}; krr also reports init containers,
 * native sidecars (init containers with {@code restartPolicy: Always}) and containers injected at
 * admission that exist only in live pods.
 */
public enum ContainerRole {
    MAIN, INIT, SIDECAR, INJECTED
}
