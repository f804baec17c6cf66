package dev.krr.cli;

import com.google.protobuf.util.JsonFormat;
import dev.krr.cli.config.ConfigKey;
import dev.krr.cli.config.KrrConfig;
import dev.krr.contracts.Moneys;
import dev.krr.pricing.v1.GetInstancePriceRequest;
import dev.krr.pricing.v1.GetNodeRatesRequest;
import dev.krr.pricing.v1.InstanceKey;
import dev.krr.pricing.v1.InstancePrice;
import dev.krr.pricing.v1.InstanceTypeListing;
import dev.krr.pricing.v1.ListInstanceTypesRequest;
import dev.krr.pricing.v1.ListInstanceTypesResponse;
import dev.krr.pricing.v1.NodeRatesAnswer;
import dev.krr.pricing.v1.PricingServiceGrpc;
import dev.krr.types.v1.CapacityType;
import dev.krr.types.v1.Money;
import dev.krr.types.v1.PriceProvenance;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code krr price}: asks the pricing gRPC API for an instance's price, its per-resource rates, or
 * a region's catalog, over plaintext or TLS (optionally mutual). Exit code 2 when the service rejects the arguments (INVALID_ARGUMENT),
 * 3 when it has no price (NOT_FOUND), 1 when it cannot be reached.
 */
@Command(name = "price", mixinStandardHelpOptions = true,
        description = "Look up instance prices and per-resource hourly rates from the pricing service.")
final class PriceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--address", description = "Pricing gRPC address host:port (default: pricing.address, localhost:9090).")
    String address;

    @Option(names = "--tls", negatable = true, description = "Use TLS (default: pricing.tls, false; implied by --ca-cert/--client-cert).")
    Boolean tls;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "PEM CA bundle to trust (default: pricing.ca-cert; unset = the JVM's trusted roots).")
    String caCert;

    @Option(names = "--client-cert", paramLabel = "FILE", description = "PEM client certificate chain for mutual TLS (default: pricing.client-cert).")
    String clientCert;

    @Option(names = "--client-key", paramLabel = "FILE", description = "PEM PKCS#8 private key of --client-cert (default: pricing.client-key).")
    String clientKey;

    @Option(names = "--authority", paramLabel = "NAME", description = "Server name expected in the certificate (default: pricing.authority, the host of --address).")
    String authority;

    @Option(names = "--provider", required = true, description = "aws, gcp, azure, oci, alibaba, digitalocean, ...")
    String provider;

    @Option(names = "--region", description = "Region, e.g. us-east-1.")
    String region;

    @Option(names = "--instance-type", description = "Instance type, e.g. m5.large.")
    String instanceType;

    @Option(names = "--capacity", defaultValue = "on-demand", description = "on-demand, spot, preemptible or reserved (default: ${DEFAULT-VALUE}).")
    String capacity;

    @Option(names = "--currency", description = "ISO 4217 currency of the answer (default: pricing.currency, USD).")
    String currency;

    @Option(names = "--rates", description = "Show per-vCPU, per-GiB and per-GPU hourly rates instead of the instance price.")
    boolean rates;

    @Option(names = "--list", description = "List the provider's (and region's) instance types with prices.")
    boolean list;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Override
    public Integer call() throws Exception {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.PRICING_ADDRESS, address);
        flags.put(ConfigKey.PRICING_CURRENCY, currency);
        flags.put(ConfigKey.PRICING_TLS, tls == null ? null : tls.toString());
        flags.put(ConfigKey.PRICING_CA_CERT, caCert);
        flags.put(ConfigKey.PRICING_CLIENT_CERT, clientCert);
        flags.put(ConfigKey.PRICING_CLIENT_KEY, clientKey);
        flags.put(ConfigKey.PRICING_AUTHORITY, authority);
        KrrConfig cfg = config.resolve(flags);
        PrintWriter out = spec.commandLine().getOut();
        ManagedChannel channel = channel(cfg);
        try {
            var stub = PricingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            String cur = cfg.require(ConfigKey.PRICING_CURRENCY);
            if (list) {
                ListInstanceTypesResponse page = stub.listInstanceTypes(ListInstanceTypesRequest.newBuilder()
                        .setProvider(provider).setRegion(nullToEmpty(region)).setCurrency(cur).build());
                if (output.equals("json")) {
                    out.println(JsonFormat.printer().print(page));
                } else {
                    for (InstanceTypeListing l : page.getInstanceTypesList()) {
                        out.printf("%-14s %-28s %6.1f vCPU %8.1f GiB %2d GPU  on-demand %-16s spot %s%n", l.getRegion(), l.getInstanceType(),
                                l.getShape().getVcpu(), l.getShape().getMemoryGib(), l.getShape().getGpuCount(),
                                l.hasOnDemandHourly() ? money(l.getOnDemandHourly()) + "/h" : "-",
                                l.hasSpotHourly() ? money(l.getSpotHourly()) + "/h" : "-");
                    }
                    if (!page.getNextPageToken().isEmpty()) {
                        out.println("(more: the service pages at " + page.getInstanceTypesCount() + " items)");
                    }
                }
                return 0;
            }
            InstanceKey key = InstanceKey.newBuilder().setProvider(provider).setRegion(nullToEmpty(region))
                    .setInstanceType(nullToEmpty(instanceType)).setCapacityType(capacityType(capacity)).build();
            if (rates) {
                NodeRatesAnswer a = stub.getNodeRates(GetNodeRatesRequest.newBuilder().setInstance(key).setCurrency(cur).build());
                if (output.equals("json")) {
                    out.println(JsonFormat.printer().print(a));
                } else {
                    out.printf("%s %s %s %s%n  node  %s/h%n  cpu   %s per vCPU-hour%n  mem   %s per GiB-hour%n  gpu   %s per GPU-hour%n%s",
                            provider, region, instanceType, capacity, money(a.getNodePerHour()), money(a.getCpuPerVcpuHour()),
                            money(a.getMemoryPerGibHour()), a.hasGpuPerHour() ? money(a.getGpuPerHour()) : "-",
                            provenance(a.getProvenance()));
                }
                return 0;
            }
            InstancePrice p = stub.getInstancePrice(GetInstancePriceRequest.newBuilder().setInstance(key).setCurrency(cur).build());
            if (output.equals("json")) {
                out.println(JsonFormat.printer().print(p));
            } else {
                out.printf("%s %s %s %s: %s/h (%s/month at 730 h)%n  %.1f vCPU, %.1f GiB, %d GPU %s%n%s", provider, region, instanceType,
                        capacity, money(p.getHourly()),
                        Moneys.toBigDecimal(p.getHourly()).multiply(java.math.BigDecimal.valueOf(730))
                                .setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString() + " " + p.getHourly().getCurrencyCode(),
                        p.getShape().getVcpu(), p.getShape().getMemoryGib(), p.getShape().getGpuCount(), p.getShape().getGpuModel(),
                        provenance(p.getProvenance()));
            }
            return 0;
        } catch (StatusRuntimeException e) {
            spec.commandLine().getErr().println("krr: " + failure(e, usesTls(cfg)));
            Status.Code code = e.getStatus().getCode();
            return code == Status.Code.INVALID_ARGUMENT ? 2 : code == Status.Code.NOT_FOUND ? 3 : 1;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Plaintext, or TLS when {@code pricing.tls} is true or any certificate file is set. A client
     * certificate needs its key and the other way round.
     */
    static boolean usesTls(KrrConfig cfg) {
        return cfg.get(ConfigKey.PRICING_TLS).map(Boolean::parseBoolean).orElse(false) || cfg.get(ConfigKey.PRICING_CA_CERT).isPresent()
                || cfg.get(ConfigKey.PRICING_CLIENT_CERT).isPresent() || cfg.get(ConfigKey.PRICING_CLIENT_KEY).isPresent();
    }

    static ManagedChannel channel(KrrConfig cfg) {
        String target = cfg.require(ConfigKey.PRICING_ADDRESS);
        Optional<String> ca = cfg.get(ConfigKey.PRICING_CA_CERT);
        Optional<String> cert = cfg.get(ConfigKey.PRICING_CLIENT_CERT);
        Optional<String> key = cfg.get(ConfigKey.PRICING_CLIENT_KEY);
        if (!usesTls(cfg)) {
            return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
        }
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("pricing.client-cert and pricing.client-key go together: mutual TLS needs both "
                    + "(--client-cert/--client-key, KRR_PRICING_CLIENT_CERT/KRR_PRICING_CLIENT_KEY or .krr.yaml)");
        }
        TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
        if (ca.isPresent()) {
            X509Certificate[] trusted = readCertificates(ca.get(), "pricing.ca-cert");
            try {
                AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION).build();
                trust.updateTrustCredentials(trusted);
                credentials.trustManager(trust);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("pricing.ca-cert = '" + ca.get() + "' cannot be trusted: " + e.getMessage(), e);
            }
        }
        if (cert.isPresent()) {
            X509Certificate[] chain = readCertificates(cert.get(), "pricing.client-cert");
            PrivateKey privateKey;
            try (InputStream in = new FileInputStream(key.get())) {
                privateKey = CertificateUtils.getPrivateKey(in);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("pricing.client-key = '" + key.get() + "' is not a PEM PKCS#8 private key "
                        + "('-----BEGIN PRIVATE KEY-----'; convert with openssl pkcs8 -topk8 -nocrypt)", e);
            }
            AdvancedTlsX509KeyManager identity = new AdvancedTlsX509KeyManager();
            identity.updateIdentityCredentials(chain, privateKey);
            credentials.keyManager(identity);
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, credentials.build());
        cfg.get(ConfigKey.PRICING_AUTHORITY).ifPresent(builder::overrideAuthority);
        return builder.build();
    }

    private static X509Certificate[] readCertificates(String file, String key) {
        try (InputStream in = new FileInputStream(file)) {
            X509Certificate[] certificates = CertificateUtils.getX509Certificates(in);
            if (certificates.length == 0) {
                throw new IllegalArgumentException(key + " = '" + file + "' holds no PEM certificate ('-----BEGIN CERTIFICATE-----')");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(key + " = '" + file + "' is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /**
     * One line for a failed call: the status, the first line of its description, the innermost
     * cause (for TLS, the handshake's reason) and, where the cause is recognisable, what to change.
     */
    static String failure(StatusRuntimeException e, boolean tls) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? "" : status.getDescription().lines().findFirst().orElse("");
        Throwable root = status.getCause();
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root == null ? "" : " (" + root.getClass().getSimpleName() + ": "
                + abbreviate(root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse(""), 160) + ")";
        String hint = "";
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            String text = ((root == null ? "" : root.getClass().getSimpleName() + " " + root.getMessage()) + " " + description)
                    .toLowerCase(Locale.ROOT);
            if (text.contains("notsslrecordexception")) {
                hint = "; the server speaks plaintext: leave out --tls, --ca-cert and the client certificate";
            } else if (text.contains("pkix") || text.contains("unable to find valid certification path")) {
                hint = "; the server's certificate is not signed by a trusted CA: pass its CA with --ca-cert";
            } else if (text.contains("no subject alternative") || text.contains("no name matching")) {
                hint = "; the server's certificate does not name this host: pass the name it has with --authority";
            } else if (text.contains("certificate_required") || text.contains("bad_certificate") || text.contains("unknown_ca")) {
                hint = "; the server requires a client certificate of its CA: --client-cert and --client-key";
            } else if (!tls) {
                hint = "; if the server uses TLS, add --tls or --ca-cert";
            }
        }
        return "pricing: " + status.getCode() + ": " + description + reason + hint;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    static CapacityType capacityType(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "on-demand", "ondemand" -> CapacityType.CAPACITY_TYPE_ON_DEMAND;
            case "spot" -> CapacityType.CAPACITY_TYPE_SPOT;
            case "preemptible" -> CapacityType.CAPACITY_TYPE_PREEMPTIBLE;
            case "reserved" -> CapacityType.CAPACITY_TYPE_RESERVED;
            default -> throw new IllegalArgumentException("--capacity '" + text + "' must be on-demand, spot, preemptible or reserved");
        };
    }

    private static String money(Money m) {
        return Moneys.toBigDecimal(m).stripTrailingZeros().toPlainString() + " " + m.getCurrencyCode();
    }

    private static String provenance(PriceProvenance p) {
        return "  source " + p.getSource() + ", effective " + p.getEffectiveDate()
                + (p.getEstimated() ? ", ESTIMATED: " + p.getEstimationBasis() : "") + (p.getStale() ? ", STALE" : "")
                + System.lineSeparator();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
