package dev.krr.pricing.config;

import dev.krr.pricing.adapter.in.grpc.GrpcTlsCredentials;
import dev.krr.pricing.adapter.out.feed.FeedFormat;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the pricing service, under {@code krr.pricing}. Defaults work out of the box:
 * gRPC on 0.0.0.0:9090, answers in USD, OpenCost's default rates, the bundled catalog and
 * exchange rates, no custom file, no scheduled refresh.
 */
@Validated
@ConfigurationProperties("krr.pricing")
public record PricingProperties(
        @Valid @DefaultValue Grpc grpc,
        @Valid @DefaultValue Api api,
        @Valid @DefaultValue Catalog catalog,
        @Valid @DefaultValue Currency currency,
        @Valid @DefaultValue Defaults defaults,
        @Valid @DefaultValue Custom custom,
        @Valid @DefaultValue Refresh refresh) {

    /** The gRPC server. Port 0 binds an ephemeral port, readable from the server bean and logged. */
    public record Grpc(
            @DefaultValue("9090") @Min(0) @Max(65535) int port,
            @DefaultValue("0.0.0.0") @NotBlank String address,
            @DefaultValue("4194304") @Min(1024) int maxInboundMessageBytes,
            @DefaultValue("5s") @NotNull Duration shutdownGrace,
            @Valid @DefaultValue Tls tls) {
    }

    /**
     * TLS for the gRPC port (health and reflection included). PEM files as mounted from a
     * Kubernetes TLS Secret: {@code tls.crt} (chain, leaf first), {@code tls.key} (PKCS#8) and, for
     * mutual TLS, {@code ca.crt}; re-read every {@code refresh-interval}, so a rotated Secret is
     * served without a restart.
     */
    public record Tls(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("") String certificateChain,
            @DefaultValue("") String privateKey,
            @DefaultValue("") String clientCa,
            @DefaultValue("none") @NotNull GrpcTlsCredentials.ClientAuth clientAuth,
            @DefaultValue("1m") @NotNull Duration refreshInterval) {

        @AssertTrue(message = "krr.pricing.grpc.tls.enabled=true needs krr.pricing.grpc.tls.certificate-chain and krr.pricing.grpc.tls.private-key (PEM files)")
        public boolean isFilesGivenWhenEnabled() {
            return !enabled || (!certificateChain.isBlank() && !privateKey.isBlank());
        }

        @AssertTrue(message = "krr.pricing.grpc.tls.client-auth optional/require needs krr.pricing.grpc.tls.client-ca (PEM CA bundle)")
        public boolean isClientCaGivenForClientAuth() {
            return !enabled || clientAuth == GrpcTlsCredentials.ClientAuth.NONE || !clientCa.isBlank();
        }

        @AssertTrue(message = "krr.pricing.grpc.tls.refresh-interval must be positive")
        public boolean isRefreshIntervalPositive() {
            return refreshInterval.toMillis() > 0;
        }
    }

    /** Limits of the API. */
    public record Api(
            @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxBatchSize,
            @DefaultValue("1000") @Min(1) int defaultPageSize,
            @DefaultValue("10000") @Min(1) int maxPageSize) {
    }

    /** How old a catalog price may be before answers flag it stale. */
    public record Catalog(@DefaultValue("400d") @NotNull Duration maxAge) {
    }

    /**
     * The answer currency and the exchange rate table: {@code rates-file} is an ECB reference rate
     * XML (daily or history); empty uses the bundled table.
     */
    public record Currency(
            @DefaultValue("USD") @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD") String defaultCurrency,
            @DefaultValue("") String ratesFile,
            @DefaultValue("7d") @NotNull Duration ratesMaxAge) {
    }

    /** Reference and last-resort rates (OpenCost's defaults) and the spot ratio where no spot price is listed. */
    public record Defaults(
            @DefaultValue("0.021811") @NotNull @DecimalMin("0") BigDecimal cpuPerVcpuHour,
            @DefaultValue("0.002923") @NotNull @DecimalMin(value = "0", inclusive = false) BigDecimal memoryPerGibHour,
            @DefaultValue("0.95") @NotNull @DecimalMin("0") BigDecimal gpuPerHour,
            @DefaultValue("0.006543") @NotNull @DecimalMin("0") BigDecimal spotCpuPerVcpuHour,
            @DefaultValue("0.000877") @NotNull @DecimalMin(value = "0", inclusive = false) BigDecimal spotMemoryPerGibHour,
            @DefaultValue("0.95") @NotNull @DecimalMin("0") BigDecimal spotGpuPerHour,
            @DefaultValue("USD") @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD") String currency,
            @DefaultValue("0.3") @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") BigDecimal spotToOnDemandRatio) {
    }

    /**
     * Optional scheduled refresh from the providers' price APIs. Off by default: the bundled
     * catalog needs no network.
     */
    public record Refresh(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("24h") @NotNull Duration interval,
            @DefaultValue("1m") @NotNull Duration initialDelay,
            @DefaultValue("30s") @NotNull Duration timeout,
            @DefaultValue("100") @Min(1) int maxPages,
            @DefaultValue List<@Valid Feed> feeds) {

        @AssertTrue(message = "krr.pricing.refresh.enabled needs at least one entry in krr.pricing.refresh.feeds")
        public boolean isFeedsGivenWhenEnabled() {
            return !enabled || !feeds.isEmpty();
        }
    }

    /** One price API to poll: a name (used in metrics and health), its format and URL. */
    public record Feed(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "must be lower-case letters, digits and dashes") String name,
            @NotNull FeedFormat format,
            @NotNull URI url) {
    }

    /** A custom pricing file (CSV or YAML), watched for changes. */
    public record Custom(
            @DefaultValue("") String file,
            @DefaultValue("5s") @NotNull Duration pollInterval) {
    }
}
