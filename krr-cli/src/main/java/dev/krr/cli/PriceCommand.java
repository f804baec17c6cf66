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
import java.io.File;
import java.io.IOException;
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
            Throwable cause = e.getStatus().getCause();
            spec.commandLine().getErr().println("krr: pricing: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription()
                    + (cause == null ? "" : " (" + rootMessage(cause) + ")"));
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
    static ManagedChannel channel(KrrConfig cfg) throws IOException {
        String target = cfg.require(ConfigKey.PRICING_ADDRESS);
        Optional<String> ca = cfg.get(ConfigKey.PRICING_CA_CERT);
        Optional<String> cert = cfg.get(ConfigKey.PRICING_CLIENT_CERT);
        Optional<String> key = cfg.get(ConfigKey.PRICING_CLIENT_KEY);
        boolean useTls = cfg.get(ConfigKey.PRICING_TLS).map(Boolean::parseBoolean).orElse(false)
                || ca.isPresent() || cert.isPresent() || key.isPresent();
        if (!useTls) {
            return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
        }
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("pricing.client-cert and pricing.client-key go together: mutual TLS needs both "
                    + "(--client-cert/--client-key, KRR_PRICING_CLIENT_CERT/KRR_PRICING_CLIENT_KEY or .krr.yaml)");
        }
        TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
        if (ca.isPresent()) {
            try {
                credentials.trustManager(new File(ca.get()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("pricing.ca-cert = '" + ca.get() + "' is not a PEM certificate bundle: " + e.getMessage(), e);
            }
        }
        if (cert.isPresent()) {
            try {
                credentials.keyManager(new File(cert.get()), new File(key.get()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("pricing.client-cert/pricing.client-key = '" + cert.get() + "', '" + key.get()
                        + "' are not a PEM certificate chain and PKCS#8 key: " + e.getMessage(), e);
            }
        }
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, credentials.build());
        cfg.get(ConfigKey.PRICING_AUTHORITY).ifPresent(builder::overrideAuthority);
        return builder.build();
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

    /** The innermost message: for TLS failures the handshake's reason (untrusted certificate, no client certificate). */
    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
