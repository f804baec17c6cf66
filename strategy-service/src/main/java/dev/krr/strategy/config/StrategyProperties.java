package dev.krr.strategy.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code krr.strategy.*} property, with defaults that work out of the box (see
 * docs/strategy-service.md for the meaning of each).
 */
@Validated
@ConfigurationProperties("krr.strategy")
public record StrategyProperties(
        @Valid @NotNull @DefaultValue Pricing pricing,
        String stateDir,
        @Valid @NotNull @DefaultValue Emission emission,
        @Valid @NotNull @DefaultValue TopicSettings topics,
        @Valid @NotNull @DefaultValue Selection selection,
        @Valid @NotNull @DefaultValue Krr krr,
        @Valid @NotNull @DefaultValue Vpa vpa,
        @Valid @NotNull @DefaultValue CostAware costAware,
        @Valid @NotNull @DefaultValue State state,
        @Valid @NotNull @DefaultValue Streams streams) {

    /** The state directory: {@code state-dir}, or {@code <java.io.tmpdir>/krr-strategy-state}. */
    public String effectiveStateDir() {
        return stateDir == null || stateDir.isBlank()
                ? System.getProperty("java.io.tmpdir") + "/krr-strategy-state" : stateDir;
    }

    public record Pricing(
            @DefaultValue("localhost:9090") @Pattern(regexp = "[^:\\s]+:\\d{1,5}", message = "must be host:port") String address,
            @DefaultValue("2s") @NotNull Duration timeout,
            @DefaultValue("3") @Min(1) int maxAttempts,
            @DefaultValue("200ms") @NotNull Duration retryWait,
            @DefaultValue("") String currency,
            @DefaultValue("24h") @NotNull Duration staleAfter,
            @DefaultValue("6h") @NotNull Duration repriceInterval,
            @DefaultValue("5s") @NotNull Duration pendingRetryInterval,
            @DefaultValue("30s") @NotNull Duration circuitOpenDuration,
            @DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float circuitFailureRatePercent,
            @DefaultValue("500") @Min(1) int batchSize,
            @Valid @NotNull @DefaultValue PricingTls tls) {
    }

    /**
     * TLS to the pricing service: the CA bundle to trust (empty = the JVM's trusted roots), an
     * optional client certificate and PKCS#8 key for mutual TLS, and an optional authority that
     * replaces the host of {@code address} in SNI and host name verification. The files are
     * re-read every {@code refresh-interval} (at least one minute, grpc-java's minimum).
     */
    public record PricingTls(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("") String caCertificate,
            @DefaultValue("") String certificateChain,
            @DefaultValue("") String privateKey,
            @DefaultValue("") String authority,
            @DefaultValue("5m") @NotNull Duration refreshInterval) {

        @AssertTrue(message = "krr.strategy.pricing.tls.certificate-chain and krr.strategy.pricing.tls.private-key go together (mutual TLS needs both)")
        public boolean isClientCertificateComplete() {
            return certificateChain.isBlank() == privateKey.isBlank();
        }
    }

    public record Emission(
            @DefaultValue("5s") @NotNull Duration interval,
            @DefaultValue("24h") @NotNull Duration refreshInterval,
            @DefaultValue("0.1") @DecimalMin("0") double minRelativeChange,
            @DefaultValue("2000") @Min(1) int maxRecheckPerInterval,
            @DefaultValue("5000") @Min(0) int maxDecodedStates) {
    }

    public record TopicSettings(
            @DefaultValue("true") boolean create,
            @DefaultValue("3") @Min(1) int partitions,
            @DefaultValue("1") @Min(1) short replicationFactor) {
    }

    public record Selection(
            @DefaultValue("simple") @NotBlank String defaultStrategy,
            @DefaultValue Map<String, String> rules,
            @DefaultValue({"simple-limit", "vpa", "cost-aware"}) List<String> alternatives) {
    }

    /** KRR {@code simple}/{@code simple-limit} settings (KRR's defaults, OOM data on). */
    public record Krr(
            @DefaultValue("14d") @NotNull Duration history,
            @DefaultValue("95") @DecimalMin("1") @DecimalMax("100") double cpuPercentile,
            @DefaultValue("66") @DecimalMin("1") @DecimalMax("100") double cpuRequestPercentile,
            @DefaultValue("96") @DecimalMin("1") @DecimalMax("100") double cpuLimitPercentile,
            @DefaultValue("15") @DecimalMin("0") double memoryBufferPercentage,
            @DefaultValue("25") @DecimalMin("0") double oomMemoryBufferPercentage,
            @DefaultValue("true") boolean useOomkillData,
            @DefaultValue("100") @Min(0) long pointsRequired,
            @DefaultValue("false") boolean allowHpa,
            @DefaultValue("10") @Min(0) long minCpuMillicores,
            @DefaultValue("104857600") @Min(0) long minMemoryBytes) {
    }

    /** VPA recommender settings (VPA 1.x defaults). */
    public record Vpa(
            @DefaultValue("0.9") @DecimalMin("0") @DecimalMax("1") double targetPercentile,
            @DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double lowerBoundPercentile,
            @DefaultValue("0.95") @DecimalMin("0") @DecimalMax("1") double upperBoundPercentile,
            @DefaultValue("0.15") @DecimalMin("0") double safetyMarginFraction,
            @DefaultValue("25") @Min(0) long podMinCpuMillicores,
            @DefaultValue("262144000") @Min(0) long podMinMemoryBytes) {
    }

    /** Cost-aware (newsvendor) settings; costs are per unit-hour in {@code currency}. */
    public record CostAware(
            @DefaultValue("0.30") @DecimalMin("0") double cpuUnderProvisioningCostPerVcpuHour,
            @DefaultValue("0.50") @DecimalMin("0") double memoryUnderProvisioningCostPerGibHour,
            @DefaultValue("1.0") @DecimalMin("0") double interruptibleUnderProvisioningFactor,
            @DefaultValue("0.9") @DecimalMin("0") @DecimalMax("1") double fallbackQuantile,
            @DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double minQuantile,
            @DefaultValue("0.99") @DecimalMin("0") @DecimalMax("1") double maxQuantile,
            @DefaultValue("15") @DecimalMin("0") double memoryLimitBufferPercentage) {
    }

    /** How usage state is kept (VPA histogram parameters, KRR window slicing). */
    public record State(
            @DefaultValue("24h") @NotNull Duration halfLife,
            @DefaultValue("24h") @NotNull Duration memoryAggregationInterval,
            @DefaultValue("0.1") @DecimalMin("0.000001") double cpuSampleWeight,
            @DefaultValue("1.05") @DecimalMin("1.001") @DecimalMax("2") double windowBucketGrowth,
            @DefaultValue("1d") @NotNull Duration windowSlice) {
    }

    /**
     * How the Kafka Streams instance behaves in a group of instances. A standby replica keeps a
     * warm copy of another instance's stores (it reads their changelogs), so when that instance
     * stops, the task moves to a copy that is already up to date instead of restoring from offset
     * zero; it costs the same disk and changelog reads again per replica. Leaving the group on
     * close hands a stopping instance's tasks over at once, instead of after the consumer session
     * timeout (45 s by default) during which its partitions would not be processed. Kafka Streams
     * can only remove a static member, so leaving needs an instance id (static membership, e.g.
     * the pod name); without one a stopped instance's tasks wait for its session timeout.
     */
    public record Streams(
            @DefaultValue("0") @Min(0) int standbyReplicas,
            @DefaultValue("true") boolean leaveGroupOnClose,
            @DefaultValue("") String instanceId) {
    }
}
