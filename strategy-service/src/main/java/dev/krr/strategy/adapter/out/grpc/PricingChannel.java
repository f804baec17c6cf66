package dev.krr.strategy.adapter.out.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC channel to the pricing service: plaintext, or TLS with a CA bundle (or the JVM's
 * trusted roots), an optional client certificate for mutual TLS and an optional authority
 * override. The PEM files are re-read periodically by grpc-java's {@link AdvancedTlsX509KeyManager}
 * and {@link AdvancedTlsX509TrustManager} (which refresh at most once a minute, and only when both
 * of a pair's files changed — as they do when Kubernetes swaps a mounted Secret), so rotated
 * certificates are used for new connections without a restart. Every problem found while opening
 * is an {@link IllegalStateException} whose message starts with the property naming the bad file.
 */
public final class PricingChannel implements AutoCloseable {

    /**
     * TLS settings; paths are empty when not configured. {@code propertyPrefix} (e.g.
     * {@code krr.strategy.pricing.tls.}) names the properties in error messages.
     */
    public record Tls(boolean enabled, Optional<Path> caCertificate, Optional<Path> certificateChain, Optional<Path> privateKey,
                      Optional<String> authority, Duration refreshInterval, String propertyPrefix) {

        public static Tls plaintext() {
            return new Tls(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(5), "");
        }
    }

    private final ManagedChannel channel;
    private final List<Closeable> refreshers;
    private final ScheduledExecutorService timer;

    private PricingChannel(ManagedChannel channel, List<Closeable> refreshers, ScheduledExecutorService timer) {
        this.channel = channel;
        this.refreshers = refreshers;
        this.timer = timer;
    }

    /** Opens a channel to {@code address} (host:port) with the given transport settings. */
    public static PricingChannel open(String address, Tls tls) {
        if (!tls.enabled()) {
            return new PricingChannel(Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build(), List.of(), null);
        }
        String prefix = tls.propertyPrefix();
        tls.caCertificate().ifPresent(p -> readable(p, prefix + "ca-certificate"));
        tls.certificateChain().ifPresent(p -> readable(p, prefix + "certificate-chain"));
        tls.privateKey().ifPresent(p -> readable(p, prefix + "private-key"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "krr-pricing-tls-refresh");
            t.setDaemon(true);
            return t;
        });
        List<Closeable> refreshers = new ArrayList<>();
        long periodSeconds = Math.max(60, tls.refreshInterval().toSeconds());
        try {
            TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
            if (tls.caCertificate().isPresent()) {
                AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION).build();
                try {
                    refreshers.add(trust.updateTrustCredentials(tls.caCertificate().get().toFile(), periodSeconds, TimeUnit.SECONDS,
                            timer));
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    throw new IllegalStateException(prefix + "ca-certificate: " + tls.caCertificate().get()
                            + " is not a PEM certificate bundle: " + e.getMessage(), e);
                }
                credentials.trustManager(trust);
            }
            if (tls.certificateChain().isPresent() && tls.privateKey().isPresent()) {
                AdvancedTlsX509KeyManager identity = new AdvancedTlsX509KeyManager();
                try {
                    refreshers.add(identity.updateIdentityCredentials(tls.certificateChain().get().toFile(),
                            tls.privateKey().get().toFile(), periodSeconds, TimeUnit.SECONDS, timer));
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    throw new IllegalStateException(prefix + "certificate-chain/" + prefix + "private-key: cannot load "
                            + tls.certificateChain().get() + " with " + tls.privateKey().get()
                            + " (PEM certificates and a PEM PKCS#8 '-----BEGIN PRIVATE KEY-----'): " + e.getMessage(), e);
                }
                credentials.keyManager(identity);
            }
            ChannelCredentials built = credentials.build();
            ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(address, built);
            tls.authority().ifPresent(builder::overrideAuthority);
            return new PricingChannel(builder.build(), refreshers, timer);
        } catch (GeneralSecurityException e) {
            timer.shutdownNow();
            throw new IllegalStateException(prefix + "ca-certificate: cannot create a trust manager: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            refreshers.forEach(PricingChannel::closeQuietly);
            timer.shutdownNow();
            throw e;
        }
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        refreshers.forEach(PricingChannel::closeQuietly);
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static void readable(Path path, String property) {
        if (!Files.isReadable(path)) {
            throw new IllegalStateException(property + ": cannot read " + path + (Files.exists(path) ? " (permission denied)" : " (no such file)"));
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // stopping a refresh timer task does not fail
        }
    }
}
