package dev.krr.notifier.domain;

import java.util.Map;
import java.util.TreeMap;

/** Which strategy produced a recommendation, with its effective settings and their hash. */
public record StrategyRef(String name, Map<String, String> settings, String settingsHash) {
    public StrategyRef {
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }
}
