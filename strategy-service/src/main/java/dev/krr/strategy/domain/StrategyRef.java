package dev.krr.strategy.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** A strategy's name, effective settings and a stable hash of them (first 16 hex digits of SHA-256). */
public record StrategyRef(String name, Map<String, String> settings, String settingsHash) {

    public StrategyRef {
        settings = Map.copyOf(settings);
    }

    public static StrategyRef of(String name, Map<String, String> settings) {
        StringBuilder sb = new StringBuilder(name);
        new TreeMap<>(settings).forEach((k, v) -> sb.append('\n').append(k).append('=').append(v));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return new StrategyRef(name, settings, HexFormat.of().formatHex(digest, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
