package dev.krr.notifier.adapter.in.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Severity;
import dev.krr.notifier.adapter.out.kafka.DeadLetterPublisher;
import dev.krr.notifier.fixtures.RecommendationFixtures;
import dev.krr.notifier.fixtures.Signatures;
import dev.krr.notifier.fixtures.WebhookReceiver;
import dev.krr.notifier.fixtures.WebhookReceiver.Received;
import dev.krr.notifier.fixtures.WebhookReceiver.Reply;
import dev.krr.testsupport.KafkaBroker;
import dev.krr.testsupport.TopicProbe;
import dev.krr.testsupport.WithKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook delivery end to end with a real broker and real HTTP receivers on loopback: a fast
 * receiver checks signatures and idempotency keys, a slow one (2 s per request) must not delay
 * it, a failing one ends in the dead-letter topic with the reason, a rate-limiting one (429 +
 * Retry-After 1) gets retries that honour it and keeps per-endpoint order, a Slack digest and a
 * Teams subscription get only what their filters allow, and subscriptions are managed over REST.
 */
@WithKafkaBroker(partitions = 2)
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=notifier",
        "krr.notifier.view.partition-refresh=200ms",
        "krr.notifier.webhooks.max-attempts=3",
        "krr.notifier.webhooks.backoff.initial=100ms",
        "krr.notifier.webhooks.backoff.max=400ms",
        "krr.notifier.webhooks.poll-timeout=100ms",
        "krr.notifier.webhooks.request-timeout=5s",
        "krr.notifier.webhooks.circuit-breaker.wait-duration-in-open-state=500ms"})
class WebhookDeliveryIT {

    static final String SECRET = "fast-secret-do-not-log";
    static WebhookReceiver fast;
    static WebhookReceiver slow;
    static WebhookReceiver failing;
    static WebhookReceiver limited;
    static WebhookReceiver slack;
    static WebhookReceiver teams;
    static WebhookReceiver viaApi;
    static final Set<String> limitedSeen = ConcurrentHashMap.newKeySet();

    private final ObjectMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @BeforeAll
    static void receivers() throws Exception {
        fast = new WebhookReceiver(r -> Reply.ok());
        slow = new WebhookReceiver(r -> new Reply(200, null, 2000));
        failing = new WebhookReceiver(r -> new Reply(500, null, 0));
        // first attempt of every event: 429 Retry-After 1 s; later attempts: 200
        limited = new WebhookReceiver(r -> limitedSeen.add(r.header("Idempotency-Key")) ? new Reply(429, 1, 0) : Reply.ok());
        slack = new WebhookReceiver(r -> Reply.ok());
        teams = new WebhookReceiver(r -> Reply.ok());
        viaApi = new WebhookReceiver(r -> Reply.ok());
    }

    @AfterAll
    static void stopReceivers() {
        for (WebhookReceiver r : List.of(fast, slow, failing, limited, slack, teams, viaApi)) {
            r.close();
        }
    }

    @DynamicPropertySource
    static void subscriptions(DynamicPropertyRegistry registry) {
        String p = "krr.notifier.webhooks.subscriptions";
        sub(registry, p + "[0]", "fast", fast.url(), Map.of("secret", SECRET));
        sub(registry, p + "[1]", "slow", slow.url(), Map.of());
        sub(registry, p + "[2]", "failing", failing.url(), Map.of());
        sub(registry, p + "[3]", "limited", limited.url(), Map.of());
        sub(registry, p + "[4]", "slack-digest", slack.url(), Map.of("format", "slack", "mode", "digest",
                "digest-interval", "1s", "digest-top-per-cluster", "2", "clusters[0]", "prod", "min-severity", "warning"));
        sub(registry, p + "[5]", "teams-big", teams.url(), Map.of("format", "teams", "min-monthly-savings", "50",
                "namespaces", "sh.p"));
    }

    private static void sub(DynamicPropertyRegistry registry, String prefix, String id, String url, Map<String, String> extra) {
        registry.add(prefix + ".id", () -> id);
        registry.add(prefix + ".url", () -> url);
        registry.add(prefix + ".start-from", () -> "earliest");
        extra.forEach((k, v) -> registry.add(prefix + "." + k, () -> v));
    }

    @Test
    void deliversToEveryEndpointIndependently(KafkaBroker broker, CapturedOutput output) throws Exception {
        List<Recommendation> sent = new ArrayList<>();
        // five revisions of one workload (one key, one partition: order must be kept per endpoint)
        for (int rev = 1; rev <= 5; rev++) {
            sent.add(RecommendationFixtures.rec("prod", "shop", "web", Severity.SEVERITY_CRITICAL, "73", "18.25", rev));
        }
        sent.add(RecommendationFixtures.rec("prod", "shop", "db", Severity.SEVERITY_OK, "20", "30", 1));
        sent.add(RecommendationFixtures.rec("dev", "shop", "api", Severity.SEVERITY_WARNING, "90", "10", 1));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Recommendation r : sent) {
                producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS,
                        Keys.workload(r.getCluster(), r.getNamespace(), r.getKind(), r.getName()), r.toByteArray())).get();
            }
        }

        // fast: all 7, while the slow endpoint (2 s each) is still far from done
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> ours(fast.delivered()).size() >= 7);
        assertThat(ours(slow.received()).size()).as("slow endpoint must lag behind, not hold the fast one").isLessThan(7);
        for (Received r : ours(fast.delivered())) {
            String ts = r.header("X-Krr-Timestamp");
            assertThat(r.header("X-Krr-Signature")).isEqualTo(Signatures.expected(SECRET, ts, r.body()));
            assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(ts))).isLessThan(300);
            JsonNode ce = json.readTree(r.body());
            assertThat(ce.get("specversion").asString()).isEqualTo("1.0");
            assertThat(ce.get("type").asString()).isEqualTo("dev.krr.recommendation.changed.v1");
            assertThat(ce.get("id").asString()).isEqualTo(r.header("Idempotency-Key"));
            assertThat(r.header("Content-Type")).startsWith("application/cloudevents+json");
        }
        assertThat(ours(fast.delivered()).stream().map(r -> r.header("Idempotency-Key")).distinct()).hasSize(7);
        assertThat(revisionsOf(fast.delivered(), "web")).containsExactly(1L, 2L, 3L, 4L, 5L);
        // unsigned subscriptions carry no signature
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> slow.delivered().size() >= 7);
        assertThat(slow.delivered().get(0).header("X-Krr-Signature")).isNull();

        // 429: every event was refused once and retried after the receiver's Retry-After (1 s), not the 100 ms backoff
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> limited.delivered().size() >= 7);
        for (Received ok : limited.delivered()) {
            String key = ok.header("Idempotency-Key");
            Received refused = limited.received().stream()
                    .filter(r -> key.equals(r.header("Idempotency-Key")) && r.answeredStatus() == 429).findFirst().orElseThrow();
            assertThat(ok.arrivalNanos() - refused.arrivalNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(990).toNanos());
            assertThat(ok.header("X-Krr-Delivery-Attempt")).isEqualTo("2");
        }
        assertThat(revisionsOf(limited.delivered(), "web")).containsExactly(1L, 2L, 3L, 4L, 5L);

        // failing: every event ends in the dead-letter topic with the subscription and the reason
        try (TopicProbe<byte[]> dlq = new TopicProbe<>(broker.bootstrapServers(), Topics.deadLetter(Topics.RECOMMENDATIONS),
                new ByteArrayDeserializer())) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> dlq.latestByKey() != null
                    && dlq.snapshot().stream().filter(r -> "failing".equals(header(r, DeadLetterPublisher.SUBSCRIPTION_HEADER))).count() >= 7);
            for (ConsumerRecord<String, byte[]> dead : dlq.snapshot()) {
                assertThat(header(dead, DeadLetterPublisher.SUBSCRIPTION_HEADER)).isEqualTo("failing");
                assertThat(header(dead, DeadLetterPublisher.ATTEMPTS_HEADER)).isEqualTo("3");
                assertThat(header(dead, "krr-dlq-error-message")).contains("gave up after 3 attempts")
                        .containsAnyOf("HTTP 500", "circuit breaker open");
                assertThat(Recommendation.parseFrom(dead.value()).getCluster()).isIn("prod", "dev", "ops");
            }
        }
        assertThat(failing.received().size()).as("the open breaker spares the dead endpoint").isLessThan(21);

        // Slack digest: prod only, WARNING or worse, top 2 per cluster
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !slack.delivered().isEmpty());
        Set<String> listed = new HashSet<>();
        for (Received r : slack.delivered()) {
            JsonNode msg = json.readTree(r.body());
            assertThat(msg.get("blocks").get(0).get("type").asString()).isEqualTo("header");
            assertThat(msg.get("text").asString()).startsWith("krr digest");
            String text = r.body().length > 0 ? new String(r.body(), StandardCharsets.UTF_8) : "";
            if (text.contains("shop/web")) {
                listed.add("web");
            }
            assertThat(text).doesNotContain("*dev*").doesNotContain("shop/db");
        }
        assertThat(listed).containsExactly("web");

        // Teams: savings >= 50 and namespace matching sh.p -> the five web revisions (54.75) and api (80), not db (-10)
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> teams.delivered().size() >= 6);
        for (Received r : teams.delivered()) {
            JsonNode attachment = json.readTree(r.body()).get("attachments").get(0);
            assertThat(attachment.get("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
            assertThat(attachment.get("content").get("type").asString()).isEqualTo("AdaptiveCard");
            String text = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(text.contains("shop/web") && text.contains("54.75") || text.contains("shop/api") && text.contains("80 USD"))
                    .as(text).isTrue();
        }
        assertThat(teams.delivered()).hasSize(6);

        // retries, dead letters and the breaker were logged; the secret never was
        assertThat(output.getAll()).contains("dead-lettered").doesNotContain(SECRET);
    }

    @Test
    void subscriptionsAreManagedOverRest(KafkaBroker broker) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"id\":\"api-hook\",\"url\":\"" + viaApi.url() + "\",\"secret\":\"api-secret\",\"startFrom\":\"earliest\","
                + "\"minSeverity\":\"critical\"}";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/api/v1/subscriptions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"signed\":true").doesNotContain("api-secret");

        HttpResponse<String> duplicate = http.send(HttpRequest.newBuilder(uri("/api/v1/subscriptions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(duplicate.statusCode()).isEqualTo(409);

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri("/api/v1/subscriptions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"x\",\"url\":\"ftp://nope\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("url").contains("ftp://nope");

        HttpResponse<String> list = http.send(HttpRequest.newBuilder(uri("/api/v1/subscriptions")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.body()).contains("api-hook", "fast", "slack-digest").doesNotContain(SECRET, "api-secret");

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            Recommendation critical = RecommendationFixtures.rec("ops", "infra", "hook-target", Severity.SEVERITY_CRITICAL, "9", "8", 1);
            Recommendation good = RecommendationFixtures.rec("ops", "infra", "quiet", Severity.SEVERITY_GOOD, "9", "8", 1);
            for (Recommendation r : List.of(good, critical)) {
                producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS,
                        Keys.workload(r.getCluster(), r.getNamespace(), r.getKind(), r.getName()), r.toByteArray())).get();
            }
        }
        // only CRITICAL ones pass the filter: never "quiet"
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !viaApi.delivered().isEmpty());
        for (Received r : viaApi.delivered()) {
            assertThat(json.readTree(r.body()).get("data").get("severity").asString()).isEqualTo("CRITICAL");
        }

        HttpResponse<String> configured = http.send(HttpRequest.newBuilder(uri("/api/v1/subscriptions/fast")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(configured.statusCode()).isEqualTo(409);
        HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(uri("/api/v1/subscriptions/api-hook")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(http.send(HttpRequest.newBuilder(uri("/api/v1/subscriptions/api-hook")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    /** Requests about this test's workloads (clusters prod and dev), not the REST test's (ops). */
    private List<Received> ours(List<Received> received) {
        return received.stream().filter(r -> !json.readTree(r.body()).get("data").get("cluster").asString().equals("ops")).toList();
    }

    private List<Long> revisionsOf(List<Received> delivered, String name) {
        List<Long> revisions = new ArrayList<>();
        for (Received r : delivered) {
            JsonNode data = json.readTree(r.body()).get("data");
            if (data.get("name").asString().equals(name)) {
                revisions.add(data.get("revision").asLong());
            }
        }
        return revisions;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
