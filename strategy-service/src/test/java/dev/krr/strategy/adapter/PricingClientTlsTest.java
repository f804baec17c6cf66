package dev.krr.strategy.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.strategy.adapter.out.grpc.PricingChannel;
import dev.krr.strategy.adapter.out.grpc.PricingClient;
import dev.krr.strategy.app.NodeRatesLookup;
import dev.krr.strategy.domain.model.CapacityType;
import dev.krr.strategy.domain.model.NodeShape;
import dev.krr.strategy.support.FixedRatesPricingServer;
import dev.krr.testsupport.TestCertificates;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.grpc.TlsServerCredentials;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pricing client over real TLS connections on loopback to a TLS gRPC server, with a throwaway
 * CA made in the test: trusted CA, untrusted server, mutual TLS, authority override, and bad files.
 */
class PricingClientTlsTest {

    private static final NodeShape NODE = new NodeShape("c1", "n1", "aws", "us-east-1", "m5.xlarge", CapacityType.ON_DEMAND,
            "linux", 4, 16, 0, "");
    private static final String PREFIX = "krr.strategy.pricing.tls.";

    @TempDir
    Path dir;

    @Test
    void tlsWithTheServersCaIsPricedAndAnUntrustedServerIsNot() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("krr test CA");
        TestCertificates.Issued server = ca.issue("krr-pricing");
        Path caCrt = ca.writeCertificate(dir.resolve("ca.crt"));
        try (FixedRatesPricingServer pricing = new FixedRatesPricingServer(TlsServerCredentials.create(
                server.writeChain(dir.resolve("tls.crt")).toFile(), server.writeKey(dir.resolve("tls.key")).toFile()))) {
            // 4 × 0.031611 + 16 × 0.004237 = 0.194236 (FixedRatesPricingServer's on-demand rates)
            assertThat(lookup(pricing, tls(caCrt, null, null, null)).priced().nodePerHour()).isEqualByComparingTo("0.194236");
            // the JVM's trusted roots do not include the test CA; another CA is not the server's either
            assertRefused(pricing, tls(null, null, null, null));
            assertRefused(pricing, tls(TestCertificates.authority("other CA").writeCertificate(dir.resolve("other.crt")), null, null, null));
            // plaintext against a TLS server
            assertRefused(pricing, PricingChannel.Tls.plaintext());
        }
    }

    @Test
    void mutualTlsSendsTheClientCertificateAndTheAuthorityOverrideMatchesTheServerName() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("krr test CA");
        // the server's certificate names only its in-cluster DNS name, not localhost
        TestCertificates.Issued server = ca.issueFor("krr-pricing", "krr-pricing.krr.svc");
        TestCertificates.Issued client = ca.issue("krr-strategy");
        Path caCrt = ca.writeCertificate(dir.resolve("ca.crt"));
        Path clientCrt = client.writeChain(dir.resolve("client.crt"));
        Path clientKey = client.writeKey(dir.resolve("client.key"));
        try (FixedRatesPricingServer pricing = new FixedRatesPricingServer(TlsServerCredentials.newBuilder()
                .keyManager(server.writeChain(dir.resolve("tls.crt")).toFile(), server.writeKey(dir.resolve("tls.key")).toFile())
                .trustManager(caCrt.toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build())) {
            assertThat(lookup(pricing, tls(caCrt, clientCrt, clientKey, "krr-pricing.krr.svc")).priced()).isNotNull();
            assertRefused(pricing, tls(caCrt, null, null, "krr-pricing.krr.svc"));
            // host name verification is on: "localhost" is not a name in the server's certificate
            assertRefused(pricing, tls(caCrt, clientCrt, clientKey, null));
        }
    }

    @Test
    void badFilesNameTheProperty() {
        Path missing = dir.resolve("missing.crt");
        assertThatThrownBy(() -> PricingChannel.open("localhost:1", tls(missing, null, null, null)))
                .hasMessage(PREFIX + "ca-certificate: cannot read " + missing + " (no such file)");
        TestCertificates.Issued client = TestCertificates.authority("ca").issue("krr-strategy");
        Path crt = client.writeChain(dir.resolve("client.crt"));
        Path notAKey = client.writeChain(dir.resolve("client.key"));
        assertThatThrownBy(() -> PricingChannel.open("localhost:1", tls(null, crt, notAKey, null)))
                .hasMessageStartingWith(PREFIX + "certificate-chain/" + PREFIX + "private-key: cannot load " + crt + " with " + notAKey);
    }

    private static PricingChannel.Tls tls(Path ca, Path crt, Path key, String authority) {
        return new PricingChannel.Tls(true, Optional.ofNullable(ca), Optional.ofNullable(crt), Optional.ofNullable(key),
                Optional.ofNullable(authority), Duration.ofMinutes(1), PREFIX);
    }

    private static NodeRatesLookup.Result lookup(FixedRatesPricingServer pricing, PricingChannel.Tls tls) {
        try (PricingChannel channel = PricingChannel.open(pricing.address(), tls)) {
            PricingClient client = new PricingClient(channel.channel(), Duration.ofSeconds(10), "",
                    Retry.of("pricing", RetryConfig.custom().maxAttempts(1).build()), CircuitBreaker.ofDefaults("pricing"),
                    Clock.systemUTC());
            return client.lookup(List.of(NODE)).get(0);
        }
    }

    private static void assertRefused(FixedRatesPricingServer pricing, PricingChannel.Tls tls) {
        int calls = pricing.calls();
        assertThatThrownBy(() -> lookup(pricing, tls)).isInstanceOf(NodeRatesLookup.PricingUnavailableException.class)
                .hasMessageContaining("UNAVAILABLE");
        assertThat(pricing.calls()).as("the refused client never reached the service").isEqualTo(calls);
    }
}
