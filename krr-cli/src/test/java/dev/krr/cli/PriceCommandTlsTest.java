package dev.krr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.pricing.PricingApplication;
import dev.krr.testsupport.FreePorts;
import dev.krr.testsupport.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code krr price} against the real pricing service serving mutual TLS ({@code client-auth=require})
 * on loopback, with a throwaway CA made in the test.
 */
class PriceCommandTlsTest {

    @TempDir
    static Path dir;

    private static ConfigurableApplicationContext pricing;
    private static String address;
    private static Path caCrt;
    private static Path clientCrt;
    private static Path clientKey;

    @BeforeAll
    static void start() {
        TestCertificates.Authority ca = TestCertificates.authority("krr test CA");
        TestCertificates.Issued server = ca.issue("krr-pricing");
        TestCertificates.Issued client = ca.issue("krr-cli");
        caCrt = ca.writeCertificate(dir.resolve("ca.crt"));
        clientCrt = client.writeChain(dir.resolve("client.crt"));
        clientKey = client.writeKey(dir.resolve("client.key"));
        int port = FreePorts.next();
        address = "localhost:" + port;
        pricing = PricingApplication.builder().properties("krr.pricing.grpc.port=" + port, "krr.pricing.grpc.address=127.0.0.1",
                "server.port=" + FreePorts.next(), "krr.pricing.grpc.tls.enabled=true",
                "krr.pricing.grpc.tls.certificate-chain=" + server.writeChain(dir.resolve("tls.crt")),
                "krr.pricing.grpc.tls.private-key=" + server.writeKey(dir.resolve("tls.key")),
                "krr.pricing.grpc.tls.client-ca=" + caCrt, "krr.pricing.grpc.tls.client-auth=require").run();
    }

    @AfterAll
    static void stop() {
        pricing.close();
    }

    private record Run(int rc, String out, String err) {
    }

    private static Run price(String... tlsArgs) {
        List<String> args = new ArrayList<>(List.of("price", "--address", address, "--provider", "aws", "--region", "us-east-1",
                "--instance-type", "m5.large"));
        args.addAll(List.of(tlsArgs));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = KrrCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute(args.toArray(String[]::new));
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void mutualTlsWithFlagsIsPriced() {
        Run r = price("--ca-cert", caCrt.toString(), "--client-cert", clientCrt.toString(), "--client-key", clientKey.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        // instance-prices.csv: m5.large $0.096/h; 0.096 × 730 h = 70.08 per month
        assertThat(r.out()).contains("aws us-east-1 m5.large on-demand: 0.096 USD/h (70.08 USD/month at 730 h)");
    }

    @Test
    void tlsSettingsFromTheConfigFileWork() throws Exception {
        Path file = Files.writeString(dir.resolve("krr-tls.yaml"), "pricing:\n  tls: true\n  ca-cert: " + caCrt + "\n  client-cert: "
                + clientCrt + "\n  client-key: " + clientKey + "\n");
        Run r = price("--config", file.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).contains("0.096 USD/h");
    }

    @Test
    void refusedHandshakesExitWith1AndSayWhatToChangeOnOneLine() {
        Run noClientCert = price("--ca-cert", caCrt.toString());
        assertThat(noClientCert.rc()).isEqualTo(1);
        assertThat(noClientCert.err().lines()).singleElement().asString().startsWith("krr: pricing: UNAVAILABLE")
                .endsWith("the server requires a client certificate of its CA: --client-cert and --client-key");
        Run plaintext = price();
        assertThat(plaintext.rc()).isEqualTo(1);
        assertThat(plaintext.err().lines()).singleElement().asString().startsWith("krr: pricing: UNAVAILABLE")
                .endsWith("if the server uses TLS, add --tls or --ca-cert");
        Run systemTrust = price("--tls", "--client-cert", clientCrt.toString(), "--client-key", clientKey.toString());
        assertThat(systemTrust.rc()).isEqualTo(1);
        assertThat(systemTrust.err().lines()).singleElement().asString().startsWith("krr: pricing: UNAVAILABLE")
                .endsWith("the server's certificate is not signed by a trusted CA: pass its CA with --ca-cert");
        Run wrongName = price("--ca-cert", caCrt.toString(), "--client-cert", clientCrt.toString(), "--client-key", clientKey.toString(),
                "--authority", "pricing.example");
        assertThat(wrongName.rc()).isEqualTo(1);
        assertThat(wrongName.err().lines()).singleElement().asString()
                .endsWith("the server's certificate does not name this host: pass the name it has with --authority");
    }

    @Test
    void badTlsSettingsAreUsageErrors() {
        Run missing = price("--ca-cert", dir.resolve("nope.crt").toString());
        assertThat(missing.rc()).isEqualTo(2);
        assertThat(missing.err().lines()).containsExactly("krr: pricing.ca-cert = '" + dir.resolve("nope.crt")
                + "' (from flag) must be a readable file (relative paths start at the working directory)");
        Run halfPair = price("--ca-cert", caCrt.toString(), "--client-cert", clientCrt.toString());
        assertThat(halfPair.rc()).isEqualTo(2);
        assertThat(halfPair.err()).startsWith("krr: pricing.client-cert and pricing.client-key go together");
        Run notPem = price("--ca-cert", clientKey.toString());
        assertThat(notPem.rc()).isEqualTo(2);
        assertThat(notPem.err().lines()).singleElement().asString()
                .startsWith("krr: pricing.ca-cert = '" + clientKey + "' is not a PEM certificate file");
        Run keyIsACertificate = price("--ca-cert", caCrt.toString(), "--client-cert", clientCrt.toString(), "--client-key",
                clientCrt.toString());
        assertThat(keyIsACertificate.rc()).isEqualTo(2);
        assertThat(keyIsACertificate.err()).startsWith("krr: pricing.client-key = '" + clientCrt + "' is not a PEM PKCS#8 private key");
    }
}
