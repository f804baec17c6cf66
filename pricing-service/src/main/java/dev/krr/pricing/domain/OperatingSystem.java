package dev.krr.pricing.domain;

/** The OS a node runs. The bundled catalog holds Linux (no licence) prices only. */
public enum OperatingSystem {
    LINUX,
    WINDOWS
}
