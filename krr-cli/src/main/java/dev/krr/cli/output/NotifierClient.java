package dev.krr.cli.output;

import dev.krr.contracts.Moneys;
import dev.krr.events.v1.ContainerRecommendation;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.events.v1.ResourceRecommendation;
import dev.krr.events.v1.Severity;
import dev.krr.events.v1.WorkloadCost;
import dev.krr.types.v1.PriceProvenance;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads reports and exports from a running notifier over its REST API, so {@code krr report} and
 * {@code krr scan} print exactly what the service serves. {@code table} is rendered here from
 * the JSON list; every other format is the notifier's own output, passed through unchanged.
 */
public final class NotifierClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public NotifierClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** The path serving {@code format}: reports for json/yaml/csv/html, exports for manifests and crd. */
    static String path(String format) {
        return switch (format) {
            case "json", "yaml", "csv", "html" -> "/api/v1/reports/" + format;
            case "manifests" -> "/api/v1/exports/patches";
            case "crd" -> "/api/v1/exports/resource-recommendations";
            case "table" -> "/api/v1/recommendations";
            default -> throw new IllegalArgumentException("format '" + format
                    + "' must be one of table, json, yaml, csv, html, manifests, crd");
        };
    }

    /** Fetches {@code format} with the given filters (null values are left out). */
    public String fetch(String format, Map<String, String> filters) throws IOException, InterruptedException {
        String body = get(path(format) + query(filters));
        return format.equals("table") ? RecommendationTable.render(parseList(body)) : body;
    }

    /** The raw JSON list of {@code GET /api/v1/recommendations} with the filters. */
    public String list(Map<String, String> filters) throws IOException, InterruptedException {
        return get("/api/v1/recommendations" + query(filters));
    }

    /** Number of workloads the notifier currently holds (with the filters). */
    public int count(Map<String, String> filters) throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/recommendations" + query(filters))).path("total").asInt();
    }

    private String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("notifier at " + baseUrl + " answered " + response.statusCode() + " for " + pathAndQuery
                    + ": " + response.body());
        }
        return response.body();
    }

    private static String query(Map<String, String> filters) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        filters.forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    /** Maps the notifier's JSON list back onto the contract type the table renders. */
    static List<Recommendation> parseList(String json) {
        List<Recommendation> out = new ArrayList<>();
        for (JsonNode item : JSON.readTree(json).path("items")) {
            Recommendation.Builder r = Recommendation.newBuilder().setCluster(item.path("cluster").asText())
                    .setNamespace(item.path("namespace").asText()).setKind(item.path("kind").asText())
                    .setName(item.path("name").asText()).setReplicas(item.path("replicas").asInt())
                    .setSeverity(severity(item.path("severity").asText()));
            for (JsonNode c : item.path("containers")) {
                ContainerRecommendation.Builder cb = ContainerRecommendation.newBuilder().setContainer(c.path("container").asText())
                        .setSeverity(severity(c.path("severity").asText()));
                for (JsonNode res : c.path("resources")) {
                    ResourceRecommendation.Builder rb = ResourceRecommendation.newBuilder()
                            .setResource(resource(res.path("resource").asText())).setSeverity(severity(res.path("severity").asText()));
                    if (res.hasNonNull("currentRequest")) {
                        rb.setCurrentRequest(res.get("currentRequest").asLong());
                    }
                    if (res.hasNonNull("currentLimit")) {
                        rb.setCurrentLimit(res.get("currentLimit").asLong());
                    }
                    if (res.hasNonNull("recommendedRequest")) {
                        rb.setRecommendedRequest(res.get("recommendedRequest").asLong());
                    }
                    if (res.hasNonNull("recommendedLimit")) {
                        rb.setRecommendedLimit(res.get("recommendedLimit").asLong());
                    }
                    if (res.hasNonNull("noRecommendationReason")) {
                        rb.setNoRecommendationReason(res.get("noRecommendationReason").asText());
                    }
                    cb.addResources(rb);
                }
                r.addContainers(cb);
            }
            JsonNode cost = item.path("cost");
            WorkloadCost.Builder wc = WorkloadCost.newBuilder().setUnknown(cost.path("unknown").asBoolean(true));
            if (!wc.getUnknown() && cost.hasNonNull("savingsMonthly")) {
                String currency = cost.path("currency").asText();
                wc.setCurrentMonthly(Moneys.of(new BigDecimal(cost.path("currentMonthly").asText()), currency))
                        .setRecommendedMonthly(Moneys.of(new BigDecimal(cost.path("recommendedMonthly").asText()), currency))
                        .setSavingsMonthly(Moneys.of(new BigDecimal(cost.path("savingsMonthly").asText()), currency))
                        .setPrice(PriceProvenance.newBuilder().setSource(cost.path("priceSource").asText())
                                .setEstimated(cost.path("estimated").asBoolean()).setStale(cost.path("stale").asBoolean()));
            }
            out.add(r.setCost(wc).build());
        }
        return out;
    }

    private static Severity severity(String text) {
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "GOOD" -> Severity.SEVERITY_GOOD;
            case "OK" -> Severity.SEVERITY_OK;
            case "WARNING" -> Severity.SEVERITY_WARNING;
            case "CRITICAL" -> Severity.SEVERITY_CRITICAL;
            default -> Severity.SEVERITY_UNKNOWN;
        };
    }

    private static Resource resource(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Resource.RESOURCE_CPU_MILLICORES;
            case "memory" -> Resource.RESOURCE_MEMORY_BYTES;
            case "gpu" -> Resource.RESOURCE_GPU_COUNT;
            case "ephemeral-storage", "ephemeral_storage" -> Resource.RESOURCE_EPHEMERAL_STORAGE_BYTES;
            default -> Resource.RESOURCE_UNSPECIFIED;
        };
    }
}
