package dev.krr.pricing.adapter.in.grpc;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pricing server's TLS identity (certificate chain + PKCS#8 private key, PEM files) and, for
 * mutual TLS, the CA bundle that client certificates must chain to — kept current without a
 * restart. cert-manager (or any secret manager) rotates a mounted Secret by swapping its files;
 * every {@code refreshInterval} the files are read again and, when their bytes changed, checked
 * (the key must sign what the certificate's public key verifies) and swapped into grpc-java's
 * {@link AdvancedTlsX509KeyManager} / {@link AdvancedTlsX509TrustManager}. New handshakes use the
 * new certificate; open connections keep theirs. A rotation that fails the check (a key written
 * before its certificate, a broken file) is logged and retried on the next tick while the last good
 * identity keeps serving.
 *
 * <p>Why not grpc-java's own periodic file reload: it refreshes at most once a minute, needs both
 * files' modification times to change, and never checks that key and certificate belong together.
 *
 * <p>At start-up every problem is an {@link IllegalStateException} whose message starts with the
 * property that names the bad file, so the service stops with one readable line.
 */
public final class GrpcTlsCredentials implements AutoCloseable {

    /** Who must present a client certificate. */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    /** The files and the property names used in error messages. */
    public record TlsFiles(Path certificateChain, String certificateChainProperty, Path privateKey, String privateKeyProperty,
                        Optional<Path> clientCa, String clientCaProperty) {
    }

    private static final Logger log = LoggerFactory.getLogger(GrpcTlsCredentials.class);

    private final TlsFiles files;
    private final ClientAuth clientAuth;
    private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
    private final AdvancedTlsX509TrustManager trustManager;
    private final ScheduledExecutorService timer;
    private final AtomicLong reloads = new AtomicLong();
    private volatile byte[] identityDigest;
    private volatile byte[] caDigest;
    private volatile byte[] lastRejectedDigest;
    private volatile X509Certificate served;

    /**
     * Loads and checks the files now (throwing on any problem) and re-reads them every
     * {@code refreshInterval}.
     */
    public GrpcTlsCredentials(TlsFiles files, ClientAuth clientAuth, Duration refreshInterval) {
        this.files = files;
        this.clientAuth = clientAuth;
        if (clientAuth != ClientAuth.NONE && files.clientCa().isEmpty()) {
            throw new IllegalStateException(files.clientCaProperty() + ": required when client-auth is "
                    + clientAuth.name().toLowerCase(Locale.ROOT));
        }
        Identity identity = readIdentity();
        keyManager.updateIdentityCredentials(identity.chain(), identity.key());
        identityDigest = identity.digest();
        served = identity.chain()[0];
        if (files.clientCa().isPresent()) {
            try {
                trustManager = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION).build();
            } catch (CertificateException e) {
                throw new IllegalStateException("cannot create the client certificate trust manager: " + e.getMessage(), e);
            }
            CaBundle ca = readCa();
            updateTrust(ca);
            caDigest = ca.digest();
        } else {
            trustManager = null;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "krr-pricing-tls-reload");
            t.setDaemon(true);
            return t;
        });
        long periodMillis = Math.max(1, refreshInterval.toMillis());
        timer.scheduleWithFixedDelay(this::reloadIfChanged, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        log.info("gRPC TLS: serving {} (expires {}), client auth {}", served.getSubjectX500Principal().getName(),
                served.getNotAfter().toInstant(), describeClientAuth());
    }

    /** Server credentials backed by the reloading key and trust managers. */
    public ServerCredentials serverCredentials() {
        TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(keyManager)
                .clientAuth(switch (clientAuth) {
                    case NONE -> TlsServerCredentials.ClientAuth.NONE;
                    case OPTIONAL -> TlsServerCredentials.ClientAuth.OPTIONAL;
                    case REQUIRE -> TlsServerCredentials.ClientAuth.REQUIRE;
                });
        if (trustManager != null) {
            builder.trustManager(trustManager);
        }
        return builder.build();
    }

    /** "TLS, client auth require": for the server's start-up log line. */
    public String describe() {
        return "TLS, client auth " + describeClientAuth();
    }

    /** The leaf certificate new handshakes present. */
    public X509Certificate servedCertificate() {
        return served;
    }

    /** When the served certificate expires (for metrics and alerts). */
    public Instant servedCertificateNotAfter() {
        return served.getNotAfter().toInstant();
    }

    /** Successful reloads since start (identity or CA bundle). */
    public long reloads() {
        return reloads.get();
    }

    /** Reads the files and swaps in what changed and passes the checks; never throws. */
    void reloadIfChanged() {
        try {
            Identity identity = readIdentity();
            if (!Arrays.equals(identity.digest(), identityDigest)) {
                keyManager.updateIdentityCredentials(identity.chain(), identity.key());
                identityDigest = identity.digest();
                served = identity.chain()[0];
                reloads.incrementAndGet();
                log.info("gRPC TLS: reloaded {} (expires {})", served.getSubjectX500Principal().getName(),
                        served.getNotAfter().toInstant());
            }
            if (trustManager != null) {
                CaBundle ca = readCa();
                if (!Arrays.equals(ca.digest(), caDigest)) {
                    updateTrust(ca);
                    caDigest = ca.digest();
                    reloads.incrementAndGet();
                    log.info("gRPC TLS: reloaded {} ({} CA certificates)", files.clientCaProperty(), ca.certificates().length);
                }
            }
            lastRejectedDigest = null;
        } catch (RuntimeException e) {
            byte[] digest = digestOfFilesQuietly();
            if (!Arrays.equals(digest, lastRejectedDigest)) {
                log.warn("gRPC TLS: rotated files rejected, still serving the previous certificate: {}", e.getMessage());
                lastRejectedDigest = digest;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private String describeClientAuth() {
        return clientAuth.name().toLowerCase(Locale.ROOT);
    }

    private record Identity(X509Certificate[] chain, PrivateKey key, byte[] digest) {
    }

    private record CaBundle(X509Certificate[] certificates, byte[] digest) {
    }

    private Identity readIdentity() {
        byte[] chainBytes = read(files.certificateChain(), files.certificateChainProperty());
        byte[] keyBytes = read(files.privateKey(), files.privateKeyProperty());
        X509Certificate[] chain = certificates(chainBytes, files.certificateChain(), files.certificateChainProperty());
        PrivateKey key;
        try {
            key = CertificateUtils.getPrivateKey(new ByteArrayInputStream(keyBytes));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException(files.privateKeyProperty() + ": " + files.privateKey()
                    + " is not a PEM PKCS#8 private key ('-----BEGIN PRIVATE KEY-----', RSA or EC; convert with"
                    + " 'openssl pkcs8 -topk8 -nocrypt', or set privateKey.encoding: PKCS8 in a cert-manager Certificate): "
                    + e.getMessage(), e);
        }
        if (!matches(key, chain[0])) {
            throw new IllegalStateException(files.privateKeyProperty() + ": " + files.privateKey()
                    + " does not belong to the first certificate of " + files.certificateChainProperty() + " ("
                    + chain[0].getSubjectX500Principal().getName() + ")");
        }
        return new Identity(chain, key, digest(chainBytes, keyBytes));
    }

    private CaBundle readCa() {
        Path path = files.clientCa().orElseThrow();
        byte[] bytes = read(path, files.clientCaProperty());
        return new CaBundle(certificates(bytes, path, files.clientCaProperty()), digest(bytes));
    }

    private void updateTrust(CaBundle ca) {
        try {
            trustManager.updateTrustCredentials(ca.certificates());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(files.clientCaProperty() + ": cannot use " + files.clientCa().orElseThrow() + ": "
                    + e.getMessage(), e);
        }
    }

    private static byte[] read(Path path, String property) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalStateException(property + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static X509Certificate[] certificates(byte[] pem, Path path, String property) {
        X509Certificate[] chain;
        try {
            chain = CertificateUtils.getX509Certificates(new ByteArrayInputStream(pem));
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalStateException(property + ": " + path + " is not a PEM certificate file: " + e.getMessage(), e);
        }
        if (chain.length == 0) {
            throw new IllegalStateException(property + ": " + path + " holds no '-----BEGIN CERTIFICATE-----' block");
        }
        return chain;
    }

    /** True when {@code key} signs a challenge that the certificate's public key verifies. */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] challenge = HexFormat.of().parseHex("6b7272206772706320746c73");
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private byte[] digestOfFilesQuietly() {
        try {
            return digest(Files.readAllBytes(files.certificateChain()), Files.readAllBytes(files.privateKey()));
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] digest(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
