package dev.krr.notifier.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Headers;
import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Severity;
import dev.krr.notifier.fixtures.RecommendationFixtures;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.TopicProbe;
import dev.krr.testsupport.WithKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole read side against a real broker: recommendations produced to the compacted topic
 * appear in the REST API (latest revision wins, tombstones remove, filters apply), summaries
 * add up, and a record that is not a Recommendation lands on the dead-letter topic.
 */
@WithKafkaBroker(partitions = 2)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=notifier", "krr.notifier.view.partition-refresh=200ms",
                "krr.notifier.metrics-refresh=200ms"})
class RecommendationApiIT {

    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaProducer<String, byte[]> producer;

    @LocalServerPort
    int port;

    @BeforeEach
    void producer(KafkaBroker broker) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void servesLatestRecommendationPerWorkloadWithFiltersSummaryAndDeadLetters(KafkaBroker broker) throws Exception {
        send(RecommendationFixtures.rec("prod", "shop", "web", Severity.SEVERITY_CRITICAL, "73", "18.25", 1));
        send(RecommendationFixtures.rec("prod", "shop", "web", Severity.SEVERITY_WARNING, "73.00", "20.50", 2));
        send(RecommendationFixtures.rec("prod", "shop", "db", Severity.SEVERITY_OK, "20", "30", 1));
        send(RecommendationFixtures.rec("dev", "shop", "web", Severity.SEVERITY_GOOD, "5", "4", 1));
        send(RecommendationFixtures.unpriced("prod", "shop", "cron"));
        send(RecommendationFixtures.rec("prod", "batch", "gone", Severity.SEVERITY_CRITICAL, "9", "1", 1));
        producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS, Keys.workload("prod", "batch", "Deployment", "gone"), null));
        producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS, Keys.workload("prod", "x", "Deployment", "bad"),
                "not a protobuf".getBytes(StandardCharsets.UTF_8))).get();

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/v1/recommendations").get("total").asInt() == 4
                        && get("/api/v1/recommendations?cluster=prod&severity=WARNING").get("total").asInt() == 1);

        JsonNode readiness = get("/actuator/health/readiness");
        assertThat(readiness.get("components").get("recommendationView").get("status").asString()).isEqualTo("UP");

        JsonNode all = get("/api/v1/recommendations");
        assertThat(all.get("items").valueStream().map(i -> i.get("cluster").asString() + "/" + i.get("name").asString()))
                .containsExactly("dev/web", "prod/cron", "prod/db", "prod/web");

        JsonNode prodWeb = get("/api/v1/recommendations?cluster=prod&namespace=shop&kind=Deployment&severity=warning&strategy=simple");
        assertThat(prodWeb.get("total").asInt()).isEqualTo(1);
        JsonNode item = prodWeb.get("items").get(0);
        assertThat(item.get("name").asString()).isEqualTo("web");
        assertThat(item.get("replicas").asInt()).isEqualTo(2);
        assertThat(item.get("strategy").get("name").asString()).isEqualTo("simple");
        JsonNode cpu = item.get("containers").get(0).get("resources").get(0);
        assertThat(cpu.get("resource").asString()).isEqualTo("cpu");
        assertThat(cpu.get("currentRequest").asLong()).isEqualTo(500);
        assertThat(cpu.get("currentLimit").isNull()).isTrue();
        assertThat(cpu.get("recommendedRequest").asLong()).isEqualTo(100);
        JsonNode memory = item.get("containers").get(0).get("resources").get(1);
        assertThat(memory.get("resource").asString()).isEqualTo("memory");
        assertThat(memory.get("recommendedLimit").asLong()).isEqualTo(268435456L);
        // revision 2 won: 73.00 - 20.50 = 52.50
        JsonNode cost = item.get("cost");
        assertThat(cost.get("currency").asString()).isEqualTo("USD");
        assertThat(cost.get("currentMonthly").asString()).isEqualTo("73");
        assertThat(cost.get("recommendedMonthly").asString()).isEqualTo("20.5");
        assertThat(cost.get("savingsMonthly").asString()).isEqualTo("52.5");
        assertThat(cost.get("unknown").asBoolean()).isFalse();
        assertThat(cost.get("priceSource").asString()).isEqualTo("bundled:test");

        JsonNode cron = get("/api/v1/recommendations?cluster=prod").get("items").get(0);
        assertThat(cron.get("name").asString()).isEqualTo("cron");
        assertThat(cron.get("cost").get("unknown").asBoolean()).isTrue();
        assertThat(cron.get("cost").get("currentMonthly").isNull()).isTrue();

        // prod/shop: web 73 -> 20.50 (WARNING), db 20 -> 30 (OK), cron unknown (GOOD):
        // current 93, recommended 50.5, savings 42.5; containers WARNING, OK, GOOD:
        // score (3 - 0.7) / 3 * 100 = 76.7, grade B
        JsonNode summary = get("/api/v1/summary?cluster=prod");
        assertThat(summary.get("groups").size()).isEqualTo(1);
        JsonNode shop = summary.get("groups").get(0);
        assertThat(shop.get("namespace").asString()).isEqualTo("shop");
        assertThat(shop.get("currentMonthly").asString()).isEqualTo("93");
        assertThat(shop.get("recommendedMonthly").asString()).isEqualTo("50.5");
        assertThat(shop.get("savingsMonthly").asString()).isEqualTo("42.5");
        assertThat(shop.get("workloads").asInt()).isEqualTo(3);
        assertThat(shop.get("unknownCostWorkloads").asInt()).isEqualTo(1);
        assertThat(shop.get("severityCounts").get("WARNING").asInt()).isEqualTo(1);
        assertThat(shop.get("severityCounts").get("OK").asInt()).isEqualTo(1);
        assertThat(shop.get("severityCounts").get("GOOD").asInt()).isEqualTo(1);
        assertThat(shop.get("score").asDouble()).isEqualTo(76.7);
        assertThat(shop.get("grade").asString()).isEqualTo("B");
        assertThat(summary.get("totals").get("byCurrency").get("USD").get("savingsMonthly").asString()).isEqualTo("42.5");

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri("/api/v1/recommendations?severity=HUGE")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("severity", "HUGE");

        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(uri("/api/v1/reports/csv?cluster=prod&download=true")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("krr-report.csv"));
        assertThat(csv.body().split("\r\n")).hasSize(4);
        HttpResponse<String> html = http.send(HttpRequest.newBuilder(uri("/api/v1/reports/html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(html.body()).contains("id=\"total-savings-USD\">43.5<");
        HttpResponse<String> pdf = http.send(HttpRequest.newBuilder(uri("/api/v1/reports/pdf")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pdf.statusCode()).isEqualTo(400);
        assertThat(pdf.body()).contains("pdf", "csv", "html");

        // per-recommendation metrics, and every krr_recommendation_* metric the alert rules use exists
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> prometheus().contains("krr_recommendation_monthly_savings{"));
        String scrape = prometheus();
        assertThat(scrape).containsPattern(
                "krr_recommendation_monthly_savings\\{cluster=\"prod\",currency=\"USD\",kind=\"Deployment\",namespace=\"shop\",workload=\"web\"} 52\\.5");
        assertThat(scrape).containsPattern(
                "krr_recommendation_cpu_request_cores\\{cluster=\"prod\",container=\"app\",kind=\"Deployment\",namespace=\"shop\",state=\"recommended\",workload=\"web\"} 0\\.1");
        assertThat(scrape).doesNotContain("workload=\"gone\"");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("krr_recommendation_[a-z_]+")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("..", "deploy", "prometheus", "krr-rules.yml")));
        while (used.find()) {
            assertThat(scrape).as("metric used by an alert rule").contains(used.group() + "{");
        }

        try (TopicProbe<byte[]> dlq = new TopicProbe<>(broker.bootstrapServers(), Topics.deadLetter(Topics.RECOMMENDATIONS),
                new ByteArrayDeserializer())) {
            var dead = dlq.awaitRecord(Duration.ofSeconds(20), r -> r.key().endsWith("/bad"));
            assertThat(new String(dead.headers().lastHeader(Headers.DLQ_ERROR_MESSAGE).value(), StandardCharsets.UTF_8))
                    .isNotBlank();
            assertThat(new String(dead.headers().lastHeader(Headers.DLQ_ORIGINAL_TOPIC).value(), StandardCharsets.UTF_8))
                    .isEqualTo(Topics.RECOMMENDATIONS);
        }
    }

    private String prometheus() throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private void send(Recommendation r) throws Exception {
        producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS,
                Keys.workload(r.getCluster(), r.getNamespace(), r.getKind(), r.getName()), r.toByteArray())).get();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
