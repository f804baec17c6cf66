package dev.krr.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.krr.pricing.adapter.in.grpc.GrpcServerLifecycle;
import dev.krr.pricing.adapter.in.grpc.GrpcTlsCredentials;
import dev.krr.pricing.adapter.in.grpc.PricingGrpcService;
import dev.krr.pricing.adapter.out.catalog.BundledCatalogReader;
import dev.krr.pricing.adapter.out.catalog.EcbRatesParser;
import dev.krr.pricing.app.PriceLayers;
import dev.krr.pricing.domain.PricingPolicy;
import dev.krr.testsupport.TestCertificates;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls the running gRPC server with a client nobody here wrote: {@code buf curl} from the npm
 * package {@code @bufbuild/buf}, installed with npm into {@code target/npm-client}. buf curl knows
 * nothing of krr's protos — it learns them through the server reflection service — so this also
 * proves reflection and the JSON mapping of the contract. Skipped only when npm is not installed.
 */
class BufCurlClientIT {

    private static final String BUF_VERSION = "1.75.0";
    private static final Path CLIENT_DIR = Path.of("target", "npm-client").toAbsolutePath();

    private static GrpcServerLifecycle server;
    private static Path buf;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(onPath("npm"), "npm is not on the PATH: skipping the buf curl (npm @bufbuild/buf) client test");
        buf = installBuf();
        PriceLayers layers = new PriceLayers(new BundledCatalogReader().read(),
                EcbRatesParser.parse(BufCurlClientIT.class.getClassLoader().getResourceAsStream("catalog/ecb-eurofxref-daily.xml"), "ECB"),
                PricingPolicy.openCostDefaults(), Clock.systemUTC());
        server = new GrpcServerLifecycle("127.0.0.1", 0, 4 << 20, Duration.ofSeconds(2),
                List.of(new PricingGrpcService(layers.current(), 1000, 1000, 10000)), List.of());
        server.start();
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void listsTheServicesThroughReflection() throws Exception {
        Result result = buf("curl", "--protocol", "grpc", "--http2-prior-knowledge", "--list-services", url(""));
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("krr.pricing.v1.PricingService").contains("grpc.health.v1.Health");
    }

    @Test
    void getsTheDemoNodesRatesAsJson() throws Exception {
        Result result = buf("curl", "--protocol", "grpc", "--http2-prior-knowledge", "-d",
                "{\"requests\":[{\"instance\":{\"provider\":\"aws\",\"region\":\"us-east-1\",\"instanceType\":\"m5.large\"}},"
                        + "{\"instance\":{\"provider\":\"gcp\",\"region\":\"us-central1\",\"instanceType\":\"e2-standard-4\","
                        + "\"capacityType\":\"CAPACITY_TYPE_SPOT\"}}]}",
                url("/krr.pricing.v1.PricingService/BatchGetNodeRates"));

        assertThat(result.exitCode).as(result.output).isZero();
        String json = result.output.replaceAll("\\s", "");
        // m5.large 0.096 USD/h = 96,000,000 nanos; e2-standard-4 spot 0.080424 USD/h (instance-prices.csv)
        assertThat(json).contains("\"nodePerHour\":{\"currencyCode\":\"USD\",\"nanos\":96000000}");
        assertThat(json).contains("\"nodePerHour\":{\"currencyCode\":\"USD\",\"nanos\":80424000}");
        assertThat(json).contains("\"nodePriceListed\":true").contains("\"effectiveDate\":\"2026-07-20\"");
    }

    @Test
    void seesInvalidArgumentNamingTheField() throws Exception {
        Result result = buf("curl", "--protocol", "grpc", "--http2-prior-knowledge", "-d",
                "{\"instance\":{\"provider\":\"aws\",\"instanceType\":\"m5.large\"}}",
                url("/krr.pricing.v1.PricingService/GetInstancePrice"));

        assertThat(result.exitCode).isNotZero();
        assertThat(result.output).contains("invalid_argument").contains("instance.region: must not be empty");
    }

    @Test
    void listsTheServicesOverMutualTlsAsTheDocsShow(@TempDir Path dir) throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("krr test CA");
        TestCertificates.Issued serverCert = ca.issue("krr-pricing");
        TestCertificates.Issued client = ca.issue("buf");
        Path caCrt = ca.writeCertificate(dir.resolve("ca.crt"));
        try (GrpcTlsCredentials tls = new GrpcTlsCredentials(new GrpcTlsCredentials.TlsFiles(serverCert.writeChain(dir.resolve("tls.crt")),
                "certificate-chain", serverCert.writeKey(dir.resolve("tls.key")), "private-key", Optional.of(caCrt), "client-ca"),
                GrpcTlsCredentials.ClientAuth.REQUIRE, Duration.ofMinutes(1))) {
            GrpcServerLifecycle tlsServer = new GrpcServerLifecycle("127.0.0.1", 0, 4 << 20, Duration.ofSeconds(2), List.of(), List.of(),
                    tls.serverCredentials(), tls.describe());
            tlsServer.start();
            try {
                String url = "https://localhost:" + tlsServer.port();
                Result withClientCert = buf("curl", "--protocol", "grpc", "--cacert", caCrt.toString(),
                        "--cert", client.writeChain(dir.resolve("client.crt")).toString(),
                        "--key", client.writeKey(dir.resolve("client.key")).toString(), "--list-services", url);
                assertThat(withClientCert.exitCode).as(withClientCert.output).isZero();
                assertThat(withClientCert.output).contains("grpc.health.v1.Health");

                Result withoutClientCert = buf("curl", "--protocol", "grpc", "--cacert", caCrt.toString(), "--list-services", url);
                assertThat(withoutClientCert.exitCode).as(withoutClientCert.output).isNotZero();
            } finally {
                tlsServer.stop();
            }
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static Path installBuf() throws Exception {
        Path binary = CLIENT_DIR.resolve("node_modules/.bin/buf");
        if (Files.isExecutable(binary) && run(List.of(binary.toString(), "--version"), Duration.ofSeconds(30)).output.trim().equals(BUF_VERSION)) {
            return binary;
        }
        Files.createDirectories(CLIENT_DIR);
        Result install = run(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", CLIENT_DIR.toString(),
                "@bufbuild/buf@" + BUF_VERSION), Duration.ofMinutes(5));
        if (install.exitCode != 0 || !Files.isExecutable(binary)) {
            throw new IllegalStateException("npm install @bufbuild/buf@" + BUF_VERSION + " failed (exit " + install.exitCode + "): " + install.output);
        }
        return binary;
    }

    private static Result buf(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(buf.toString());
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(1));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("buf-curl", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private record Result(int exitCode, String output) {
    }
}
