package dev.krr.strategy.domain.model;

/** How a container runs in its pod; {@link #INJECTED} ones appear only in live pods' usage. */
public enum ContainerRole {
    MAIN,
    INIT,
    SIDECAR,
    INJECTED
}
