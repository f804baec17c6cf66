package dev.krr.cli.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting the CLI understands, with its path in {@code .krr.yaml}, the environment variable
 * that overrides it, its default and how a value is checked. One table, so the config file, the
 * environment, {@code krr config} and the docs cannot drift apart.
 */
public enum ConfigKey {
    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap-servers", null, Kind.HOST_PORTS, false,
            "Kafka to use; unset = krr up starts one in-process"),
    CLUSTER_ID("cluster.id", null, Kind.CLUSTER_ID, false, "cluster id tagged on every record (default: demo or the context name)"),
    CLUSTER_CONTEXT("cluster.context", null, Kind.TEXT, false, "kubeconfig context of a real cluster"),
    CLUSTER_MASTER_URL("cluster.master-url", null, Kind.URL, false, "API server URL of a real cluster"),
    PROMETHEUS_URL("prometheus.url", null, Kind.URL, false, "Prometheus-compatible URL for usage"),
    PROMETHEUS_BEARER_TOKEN("prometheus.bearer-token", null, Kind.TEXT, true, "bearer token sent to Prometheus"),
    PRICING_ADDRESS("pricing.address", "localhost:9090", Kind.HOST_PORTS, false, "pricing gRPC address host:port"),
    PRICING_CURRENCY("pricing.currency", "USD", Kind.CURRENCY, false, "ISO 4217 currency of prices"),
    PRICING_TLS("pricing.tls", "false", Kind.BOOLEAN, false, "TLS to the pricing service (implied by pricing.ca-cert or a client certificate)"),
    PRICING_CA_CERT("pricing.ca-cert", null, Kind.FILE, false, "PEM CA bundle trusted for pricing TLS; unset = the JVM's trusted roots"),
    PRICING_CLIENT_CERT("pricing.client-cert", null, Kind.FILE, false, "PEM client certificate chain for pricing mutual TLS"),
    PRICING_CLIENT_KEY("pricing.client-key", null, Kind.FILE, false, "PEM PKCS#8 private key of pricing.client-cert (a path, not the key)"),
    PRICING_AUTHORITY("pricing.authority", null, Kind.TEXT, false, "server name expected in the pricing certificate (default: host of pricing.address)"),
    NOTIFIER_URL("notifier.url", "http://localhost:8084", Kind.URL, false, "base URL of a running notifier"),
    OUTPUT_FORMAT("output.format", "table", Kind.FORMAT, false, "table, json, yaml, csv, html, manifests or crd"),
    WORK_DIR("work-dir", null, Kind.TEXT, false, "where krr up keeps Kafka data and strategy state"),
    SETTLE("settle", "PT3S", Kind.DURATION, false, "quiet time before krr up reprints the table (ISO-8601)");

    /** Value kinds and their checks; a failed check names the key and the value. */
    public enum Kind { TEXT, URL, HOST_PORTS, DURATION, CURRENCY, FORMAT, CLUSTER_ID, BOOLEAN, FILE }

    private final String path;
    private final String defaultValue;
    private final Kind kind;
    private final boolean secret;
    private final String description;

    ConfigKey(String path, String defaultValue, Kind kind, boolean secret, String description) {
        this.path = path;
        this.defaultValue = defaultValue;
        this.kind = kind;
        this.secret = secret;
        this.description = description;
    }

    public String path() {
        return path;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean secret() {
        return secret;
    }

    public String description() {
        return description;
    }

    /** {@code kafka.bootstrap-servers} → {@code KRR_KAFKA_BOOTSTRAP_SERVERS}. */
    public String envVar() {
        return "KRR_" + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static Optional<ConfigKey> byPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
    }

    /** Checks {@code value}; throws {@link IllegalArgumentException} naming key, value and source. */
    public String validate(String value, String source) {
        String problem = switch (kind) {
            case TEXT -> value.isBlank() ? "must not be empty" : null;
            case URL -> {
                try {
                    URI uri = URI.create(value);
                    yield uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().matches("https?")
                            ? "must be an http(s) URL like http://host:port" : null;
                } catch (IllegalArgumentException e) {
                    yield "is not a URL (" + e.getMessage() + ")";
                }
            }
            case HOST_PORTS -> Arrays.stream(value.split(",")).allMatch(p -> p.trim().matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}"))
                    ? null : "must be host:port[,host:port...]";
            case DURATION -> {
                try {
                    yield Duration.parse(value).isNegative() ? "must not be negative" : null;
                } catch (RuntimeException e) {
                    yield "is not an ISO-8601 duration like PT3S";
                }
            }
            case CURRENCY -> value.matches("[A-Z]{3}") ? null : "must be an ISO 4217 code like USD";
            case FORMAT -> value.matches("table|json|yaml|csv|html|manifests|crd") ? null
                    : "must be one of table, json, yaml, csv, html, manifests, crd";
            case CLUSTER_ID -> value.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}") ? null
                    : "must be 1-63 letters, digits, '.', '_' or '-'";
            case BOOLEAN -> value.equals("true") || value.equals("false") ? null : "must be true or false";
            case FILE -> Files.isRegularFile(Path.of(value)) && Files.isReadable(Path.of(value)) ? null
                    : "must be a readable file (relative paths start at the working directory)";
        };
        if (problem != null) {
            throw new IllegalArgumentException(path + " = '" + (secret ? "****" : value) + "' (from " + source + ") " + problem);
        }
        return value;
    }
}
