package dev.krr.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.cli.KrrCommand;
import dev.krr.cli.output.RecommendationTable;
import dev.krr.cli.output.RecommendationWatcher;
import dev.krr.contracts.Moneys;
import dev.krr.contracts.ProtobufSerde;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.NodeRates;
import dev.krr.events.v1.Recommendation;
import dev.krr.testsupport.TopicProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The main job end to end, as {@code krr up} runs it: an in-process KRaft broker, the four
 * services, the demo cluster on fabric8's mock API server and demo usage. A workload entering at
 * the collector comes out at the notifier's REST API as a recommendation priced through the
 * pricing service's gRPC API, and the CLI's table shows its savings.
 */
class LocalStackIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void demoWorkloadsComeOutAsPricedRecommendations(@TempDir Path dir) throws Exception {
        List<String> progress = new ArrayList<>();
        StackOptions options = new StackOptions(null, null, null, null, "e2e", dir, 2, Map.of());
        try (LocalStack stack = LocalStack.start(options, progress::add)) {
            assertThat(progress).anyMatch(l -> l.startsWith("Kafka at 127.0.0.1:"));
            AtomicReference<String> table = new AtomicReference<>("");
            try (RecommendationWatcher watcher = new RecommendationWatcher(stack.bootstrapServers(), Duration.ofSeconds(1),
                    Clock.systemUTC(), recs -> table.set(RecommendationTable.render(recs.values()))).start();
                 TopicProbe<NodeRates> rates = new TopicProbe<>(stack.bootstrapServers(), Topics.NODE_RATES,
                         ProtobufSerde.of(NodeRates.getDefaultInstance()).deserializer());
                 TopicProbe<Recommendation> recommendations = new TopicProbe<>(stack.bootstrapServers(), Topics.RECOMMENDATIONS,
                         ProtobufSerde.of(Recommendation.getDefaultInstance()).deserializer())) {

                // the pricing gRPC service was called for the demo's nodes: rates carry the catalog's provenance
                NodeRates nodeRates = rates.awaitRecord(Duration.ofMinutes(3),
                        r -> r.value() != null && r.value().getCluster().equals("e2e") && r.value().hasCpuPerVcpuHour()).value();
                assertThat(nodeRates.getProvider()).isEqualTo("aws");
                assertThat(nodeRates.getProvenance().getSource()).isNotBlank();
                assertThat(Moneys.toBigDecimal(nodeRates.getCpuPerVcpuHour())).isPositive();

                // a priced recommendation reaches the topic ...
                Recommendation priced = recommendations.awaitRecord(Duration.ofMinutes(3),
                        r -> r.value() != null && r.value().getCluster().equals("e2e") && r.value().hasCost()
                                && !r.value().getCost().getUnknown()).value();
                BigDecimal current = Moneys.toBigDecimal(priced.getCost().getCurrentMonthly());
                BigDecimal recommended = Moneys.toBigDecimal(priced.getCost().getRecommendedMonthly());
                assertThat(Moneys.toBigDecimal(priced.getCost().getSavingsMonthly()))
                        .isEqualByComparingTo(current.subtract(recommended));
                assertThat(priced.getCost().getCurrentMonthly().getCurrencyCode()).isEqualTo("USD");

                // ... and the notifier's report serves it
                JsonNode item = awaitReportItem(stack.httpPort("notifier"), priced);
                assertThat(item.path("cost").path("unknown").asBoolean(true)).isFalse();
                assertThat(new BigDecimal(item.path("cost").path("savingsMonthly").asText()))
                        .isEqualByComparingTo(Moneys.toBigDecimal(priced.getCost().getSavingsMonthly()));

                // the CLI's table shows the money
                Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> table.get().contains("Total per month (USD)"));
                assertThat(table.get()).contains(priced.getKind() + "/" + priced.getName());

                // the krr command line talks to the running stack
                CliRun report = cli("report", "--notifier-url", "http://127.0.0.1:" + stack.httpPort("notifier"), "-f", "csv",
                        "--cluster", "e2e");
                assertThat(report.exitCode()).as(report.err()).isZero();
                assertThat(report.out().lines().count()).isGreaterThan(1);
                assertThat(report.out()).contains(priced.getName());

                CliRun price = cli("price", "--address", "127.0.0.1:" + stack.pricingGrpcPort(), "--provider", "aws",
                        "--region", "us-east-1", "--instance-type", "m5.large");
                assertThat(price.exitCode()).as(price.err()).isZero();
                assertThat(price.out()).contains("0.096 USD/h");
                CliRun badPrice = cli("price", "--address", "127.0.0.1:" + stack.pricingGrpcPort(), "--provider", "aws",
                        "--region", "us-east-1");
                assertThat(badPrice.exitCode()).isEqualTo(2);
                assertThat(badPrice.err()).contains("INVALID_ARGUMENT").contains("instance_type");

                CliRun tail = cli("tail", Topics.RECOMMENDATIONS, "--bootstrap-servers", stack.bootstrapServers(), "-n", "1");
                assertThat(tail.exitCode()).as(tail.err()).isZero();
                JsonNode line = JSON.readTree(tail.out().lines().findFirst().orElseThrow());
                assertThat(line.path("key").asText()).startsWith("e2e/");
                assertThat(line.path("value").path("cluster").asText()).isEqualTo("e2e");
            }
            // the notifier answers every GET operation of its published OpenAPI document as documented
            checkOpenApi(stack.httpPort("notifier"));

            // every service is healthy and exposes Prometheus metrics
            for (String service : List.of("pricing", "strategy", "notifier", "collector")) {
                assertThat(get(stack.httpPort(service), "/actuator/health").body()).as(service).contains("\"UP\"");
                assertThat(get(stack.httpPort(service), "/actuator/prometheus").body()).as(service).contains("jvm_memory_used_bytes");
            }
        }
    }

    /**
     * Calls every GET operation of docs/openapi/notifier-v1.yaml (path enums expanded, other path
     * parameters given an id that does not exist) and checks status and content type against it.
     */
    @SuppressWarnings("unchecked")
    private static void checkOpenApi(int port) throws Exception {
        Map<String, Object> doc;
        try (var in = Files.newInputStream(Path.of("..", "docs", "openapi", "notifier-v1.yaml"))) {
            doc = new Yaml().load(in);
        }
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        int calls = 0;
        for (Map.Entry<String, Object> p : paths.entrySet()) {
            Map<String, Object> item = (Map<String, Object>) p.getValue();
            Map<String, Object> get = (Map<String, Object>) item.get("get");
            if (get == null) {
                continue;
            }
            List<Map<String, Object>> params = new ArrayList<>();
            for (String key : List.of("parameters")) {
                if (item.get(key) != null) {
                    params.addAll((List<Map<String, Object>>) item.get(key));
                }
                if (get.get(key) != null) {
                    params.addAll((List<Map<String, Object>>) get.get(key));
                }
            }
            List<String> urls = new ArrayList<>(List.of(p.getKey()));
            for (Map<String, Object> param : params) {
                if (!"path".equals(param.get("in"))) {
                    continue;
                }
                Map<String, Object> schema = (Map<String, Object>) param.get("schema");
                List<Object> values = schema.get("enum") != null ? (List<Object>) schema.get("enum") : List.of("no-such-id");
                List<String> expanded = new ArrayList<>();
                for (String u : urls) {
                    for (Object v : values) {
                        expanded.add(u.replace("{" + param.get("name") + "}", String.valueOf(v)));
                    }
                }
                urls = expanded;
            }
            Map<Object, Object> responses = (Map<Object, Object>) get.get("responses");
            for (String url : urls) {
                HttpResponse<String> r = get(port, url);
                calls++;
                assertThat(responses.keySet().stream().map(String::valueOf)).as(url + " -> " + r.statusCode())
                        .contains(String.valueOf(r.statusCode()));
                Map<String, Object> documented = (Map<String, Object>) responses.get(String.valueOf(r.statusCode()));
                if (documented == null) {
                    documented = (Map<String, Object>) responses.get(r.statusCode());
                }
                Map<String, Object> content = (Map<String, Object>) documented.get("content");
                if (content != null) {
                    String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
                    assertThat(content.keySet()).as(url + " content type").contains(type);
                }
            }
        }
        assertThat(calls).isGreaterThanOrEqualTo(10);
    }

    record CliRun(int exitCode, String out, String err) {
    }

    private static CliRun cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KrrCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute(args);
        return new CliRun(rc, out.toString(), err.toString());
    }

    private static JsonNode awaitReportItem(int port, Recommendation wanted) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> response = get(port, "/api/v1/recommendations?cluster=e2e");
            if (response.statusCode() != 200) {
                return false;
            }
            for (JsonNode item : JSON.readTree(response.body()).path("items")) {
                if (item.path("namespace").asText().equals(wanted.getNamespace()) && item.path("kind").asText().equals(wanted.getKind())
                        && item.path("name").asText().equals(wanted.getName()) && !item.path("cost").path("unknown").asBoolean(true)) {
                    found.set(item);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
