package dev.krr.pricing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.testsupport.FreePorts;
import dev.krr.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration stops start-up with a message naming the property. */
class PricingConfigurationValidationTest {

    @Test
    void portOutOfRange() {
        assertThatThrownBy(() -> PricingApplication.builder()
                .properties("krr.pricing.grpc.port=70000", "server.port=" + FreePorts.next()).run().close())
                .rootCause().hasMessageContaining("krr.pricing");
    }

    @Test
    void refreshWithoutFeeds() {
        assertThatThrownBy(() -> PricingApplication.builder()
                .properties("krr.pricing.refresh.enabled=true", "krr.pricing.grpc.port=0", "server.port=" + FreePorts.next()).run().close())
                .hasStackTraceContaining("krr.pricing.refresh.enabled needs at least one entry in krr.pricing.refresh.feeds");
    }

    @Test
    void invalidCustomFileAtStartUp(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.csv");
        Files.writeString(file, "kind,provider,region,instance_type,price_per_hour\ninstance,onprem,dc1,box,free\n");
        assertThatThrownBy(() -> PricingApplication.builder()
                .properties("krr.pricing.custom.file=" + file, "krr.pricing.grpc.port=0", "server.port=" + FreePorts.next()).run().close())
                .hasStackTraceContaining("krr.pricing.custom.file " + file + " is invalid: line 2: price_per_hour: 'free' is not a number");
    }

    @Test
    void unreadableRatesFile() {
        assertThatThrownBy(() -> PricingApplication.builder()
                .properties("krr.pricing.currency.rates-file=/nonexistent/rates.xml", "krr.pricing.grpc.port=0", "server.port=" + FreePorts.next())
                .run().close())
                .hasStackTraceContaining("krr.pricing.currency.rates-file: cannot read /nonexistent/rates.xml");
    }

    @Test
    void tlsEnabledWithoutFiles() {
        assertThatThrownBy(() -> PricingApplication.builder()
                .properties("krr.pricing.grpc.tls.enabled=true", "krr.pricing.grpc.port=0", "server.port=" + FreePorts.next()).run().close())
                .hasStackTraceContaining("krr.pricing.grpc.tls.enabled=true needs krr.pricing.grpc.tls.certificate-chain and "
                        + "krr.pricing.grpc.tls.private-key");
    }

    @Test
    void tlsCertificateFileMissing(@TempDir Path dir) {
        Path key = TestCertificates.authority("ca").issue("pricing").writeKey(dir.resolve("tls.key"));
        assertThatThrownBy(() -> startWithTls(dir.resolve("missing.crt"), key))
                .hasStackTraceContaining("krr.pricing.grpc.tls.certificate-chain: cannot read " + dir.resolve("missing.crt")
                        + " (NoSuchFileException)");
    }

    @Test
    void tlsKeyOfAnotherCertificate(@TempDir Path dir) {
        TestCertificates.Authority ca = TestCertificates.authority("ca");
        Path crt = ca.issue("pricing").writeChain(dir.resolve("tls.crt"));
        Path key = ca.issue("someone-else").writeKey(dir.resolve("tls.key"));
        assertThatThrownBy(() -> startWithTls(crt, key))
                .rootCause().hasMessage("krr.pricing.grpc.tls.private-key: " + key
                        + " does not belong to the first certificate of krr.pricing.grpc.tls.certificate-chain (CN=pricing)");
    }

    @Test
    void mutualTlsWithoutClientCa() {
        assertThatThrownBy(() -> PricingApplication.builder()
                .properties("krr.pricing.grpc.tls.enabled=true", "krr.pricing.grpc.tls.certificate-chain=/x/tls.crt",
                        "krr.pricing.grpc.tls.private-key=/x/tls.key", "krr.pricing.grpc.tls.client-auth=require",
                        "krr.pricing.grpc.port=0", "server.port=" + FreePorts.next()).run().close())
                .hasStackTraceContaining("krr.pricing.grpc.tls.client-auth optional/require needs krr.pricing.grpc.tls.client-ca");
    }

    private static void startWithTls(Path crt, Path key) {
        PricingApplication.builder()
                .properties("krr.pricing.grpc.tls.enabled=true", "krr.pricing.grpc.tls.certificate-chain=" + crt,
                        "krr.pricing.grpc.tls.private-key=" + key, "krr.pricing.grpc.port=0", "server.port=" + FreePorts.next())
                .run().close();
    }
}
