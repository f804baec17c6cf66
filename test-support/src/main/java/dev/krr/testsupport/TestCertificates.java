package dev.krr.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * Throwaway certificate authorities and certificates for TLS tests, made in memory (EC P-256, valid
 * from an hour ago for a day) and written as the PEM files a Kubernetes TLS Secret mounts:
 * certificate chains ({@code tls.crt}), PKCS#8 private keys ({@code tls.key}) and CA certificates
 * ({@code ca.crt}). Leaf certificates name {@code localhost} and {@code 127.0.0.1} unless told
 * otherwise, so loopback servers pass host name verification, and allow both server and client
 * authentication.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {
    }

    /** A key pair and its certificate; {@code chain} is leaf first, then the issuing CA. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey, X509Certificate[] chain) {

        /** Writes the chain as PEM ({@code tls.crt}). */
        public Path writeChain(Path file) {
            return write(file, pem((Object[]) chain));
        }

        /** Writes the private key as PEM PKCS#8 ({@code tls.key}). */
        public Path writeKey(Path file) {
            try {
                return write(file, pem(new JcaPKCS8Generator(privateKey, null)));
            } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A self-signed CA that issues leaf certificates. */
    public static final class Authority {
        private final KeyPair keys;
        private final X509Certificate certificate;

        private Authority(String commonName) {
            keys = ecKeys();
            X500Name name = new X500Name("CN=" + commonName);
            certificate = sign(name, keys, name, keys.getPrivate(), true, null);
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /** Writes the CA certificate as PEM ({@code ca.crt}). */
        public Path writeCertificate(Path file) {
            return write(file, pem(certificate));
        }

        /** A leaf certificate for {@code commonName} with SANs localhost and 127.0.0.1. */
        public Issued issue(String commonName) {
            return issue(commonName, new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        }

        /** A leaf certificate whose only SANs are {@code dnsNames} (to test host name checks and authority overrides). */
        public Issued issueFor(String commonName, String... dnsNames) {
            GeneralName[] names = new GeneralName[dnsNames.length];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            return issue(commonName, names);
        }

        private Issued issue(String commonName, GeneralName[] names) {
            KeyPair leaf = ecKeys();
            X509Certificate cert = sign(new X500Name("CN=" + commonName), leaf,
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), keys.getPrivate(), false,
                    new GeneralNames(names));
            return new Issued(cert, leaf.getPrivate(), new X509Certificate[] {cert, certificate});
        }
    }

    /** A new self-signed CA. */
    public static Authority authority(String commonName) {
        return new Authority(commonName);
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey, boolean ca,
                                        GeneralNames sans) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, subjectKeys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a test certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                if (o instanceof PemObjectGenerator generator) {
                    writer.writeObject(generator);
                } else {
                    writer.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
