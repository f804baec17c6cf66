package dev.krr.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.krr.contracts.Moneys;
import dev.krr.pricing.adapter.in.grpc.GrpcServerLifecycle;
import dev.krr.pricing.adapter.in.grpc.GrpcTlsCredentials;
import dev.krr.pricing.v1.GetInstancePriceRequest;
import dev.krr.pricing.v1.InstanceKey;
import dev.krr.pricing.v1.PricingServiceGrpc;
import dev.krr.testsupport.FreePorts;
import dev.krr.testsupport.TestCertificates;
import dev.krr.types.v1.CapacityType;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The pricing service with {@code krr.pricing.grpc.tls.*} over real TLS connections on loopback,
 * with a throwaway CA made in the test: TLS clients are priced, plaintext and untrusting clients
 * are refused, mutual TLS demands a client certificate, and a rotated certificate file is served
 * without a restart.
 */
class PricingGrpcTlsTest {

    @TempDir
    Path dir;

    @Test
    void tlsClientsArePricedOthersAreRefusedAndARotatedCertificateIsServedWithoutRestart() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("krr test CA");
        TestCertificates.Issued server = ca.issue("krr-pricing");
        Path crt = server.writeChain(dir.resolve("tls.crt"));
        Path key = server.writeKey(dir.resolve("tls.key"));
        Path caCrt = ca.writeCertificate(dir.resolve("ca.crt"));
        int port = FreePorts.next();
        try (ConfigurableApplicationContext context = start(port, "krr.pricing.grpc.tls.certificate-chain=" + crt,
                "krr.pricing.grpc.tls.private-key=" + key, "krr.pricing.grpc.tls.refresh-interval=100ms")) {
            // a client trusting the CA gets the catalog price (instance-prices.csv: m5.large $0.096/h), and health over TLS
            assertThat(m5LargeHourly(port, TlsChannelCredentials.newBuilder().trustManager(caCrt.toFile()).build()))
                    .isEqualByComparingTo("0.096");
            assertThat(health(port, TlsChannelCredentials.newBuilder().trustManager(caCrt.toFile()).build()))
                    .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            // plaintext against the TLS port, and a client trusting another CA, never get an answer
            assertUnavailable(port, InsecureChannelCredentials.create());
            TestCertificates.Authority other = TestCertificates.authority("another CA");
            Path otherCa = other.writeCertificate(dir.resolve("other-ca.crt"));
            assertUnavailable(port, TlsChannelCredentials.newBuilder().trustManager(otherCa.toFile()).build());

            // rotation as a Secret update does it: new files moved into place, a certificate issued by the other CA
            TestCertificates.Issued rotated = other.issue("krr-pricing-rotated");
            replace(crt, rotated::writeChain);
            replace(key, rotated::writeKey);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    m5LargeHourly(port, TlsChannelCredentials.newBuilder().trustManager(otherCa.toFile()).build()))
                    .isEqualByComparingTo("0.096"));
            GrpcTlsCredentials tls = context.getBean(GrpcTlsCredentials.class);
            assertThat(tls.servedCertificate()).isEqualTo(rotated.certificate());
            assertThat(tls.reloads()).isEqualTo(1);
            assertUnavailable(port, TlsChannelCredentials.newBuilder().trustManager(caCrt.toFile()).build());
        }
    }

    @Test
    void mutualTlsRequireRefusesClientsWithoutACertificateOfTheClientCa() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("krr test CA");
        TestCertificates.Issued server = ca.issue("krr-pricing");
        Path crt = server.writeChain(dir.resolve("tls.crt"));
        Path key = server.writeKey(dir.resolve("tls.key"));
        Path caCrt = ca.writeCertificate(dir.resolve("ca.crt"));
        TestCertificates.Issued client = ca.issue("krr-strategy");
        Path clientCrt = client.writeChain(dir.resolve("client.crt"));
        Path clientKey = client.writeKey(dir.resolve("client.key"));
        TestCertificates.Issued stranger = TestCertificates.authority("stranger CA").issue("stranger");
        Path strangerCrt = stranger.writeChain(dir.resolve("stranger.crt"));
        Path strangerKey = stranger.writeKey(dir.resolve("stranger.key"));
        int port = FreePorts.next();
        try (ConfigurableApplicationContext ignored = start(port, "krr.pricing.grpc.tls.certificate-chain=" + crt,
                "krr.pricing.grpc.tls.private-key=" + key, "krr.pricing.grpc.tls.client-ca=" + caCrt,
                "krr.pricing.grpc.tls.client-auth=require")) {
            assertUnavailable(port, TlsChannelCredentials.newBuilder().trustManager(caCrt.toFile()).build());
            assertUnavailable(port, TlsChannelCredentials.newBuilder().trustManager(caCrt.toFile())
                    .keyManager(strangerCrt.toFile(), strangerKey.toFile()).build());
            assertThat(m5LargeHourly(port, TlsChannelCredentials.newBuilder().trustManager(caCrt.toFile())
                    .keyManager(clientCrt.toFile(), clientKey.toFile()).build())).isEqualByComparingTo("0.096");
        }
    }

    private static ConfigurableApplicationContext start(int grpcPort, String... tls) {
        return PricingApplication.builder()
                .properties("krr.pricing.grpc.port=" + grpcPort, "krr.pricing.grpc.address=127.0.0.1",
                        "server.port=" + FreePorts.next(), "krr.pricing.grpc.tls.enabled=true")
                .properties(tls)
                .run();
    }

    private interface Writer {
        Path write(Path file);
    }

    /** Writes next to the target, then renames over it, so a reader sees the old or the new file, never half of one. */
    private static void replace(Path target, Writer writer) throws IOException {
        Path next = writer.write(target.resolveSibling(target.getFileName() + ".next"));
        Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static BigDecimal m5LargeHourly(int port, ChannelCredentials credentials) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, credentials).build();
        try {
            return Moneys.toBigDecimal(PricingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getInstancePrice(GetInstancePriceRequest.newBuilder().setInstance(InstanceKey.newBuilder().setProvider("aws")
                            .setRegion("us-east-1").setInstanceType("m5.large").setCapacityType(CapacityType.CAPACITY_TYPE_ON_DEMAND))
                            .build()).getHourly());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static HealthCheckResponse.ServingStatus health(int port, ChannelCredentials credentials) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, credentials).build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("krr.pricing.v1.PricingService").build()).getStatus();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void assertUnavailable(int port, ChannelCredentials credentials) {
        assertThatThrownBy(() -> m5LargeHourly(port, credentials)).isInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
}
