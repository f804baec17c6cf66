package dev.krr.notifier.adapter.out.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.krr.notifier.adapter.in.kafka.RecommendationMapper;
import dev.krr.notifier.domain.NamespaceSummary;
import dev.krr.notifier.domain.SummaryCalculator;
import dev.krr.notifier.domain.WorkloadRecommendation;
import dev.krr.notifier.fixtures.RecommendationFixtures;
import dev.krr.events.v1.Severity;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every report format read back by a parser nobody here wrote (jackson-dataformat-csv 2.x,
 * SnakeYAML, Jackson JSON) and the HTML report opened in headless Chromium, whose script must
 * agree with the totals the server wrote.
 */
class ReportFormatsTest {

    // prod/shop web: 73 -> 18.25 (saves 54.75), prod/shop db: 20 -> 30 (saves -10),
    // dev/a,b "x, \"quoted\"": 5 -> 4 (saves 1), prod/shop cron: unknown
    private final List<WorkloadRecommendation> recs = new ArrayList<>();
    private final List<NamespaceSummary> summaries;

    ReportFormatsTest() {
        RecommendationMapper mapper = new RecommendationMapper();
        recs.add(mapper.toDomain(RecommendationFixtures.rec("dev", "a-b", "x-quoted", Severity.SEVERITY_GOOD, "5", "4", 1)));
        recs.add(mapper.toDomain(RecommendationFixtures.unpriced("prod", "shop", "cron")));
        recs.add(mapper.toDomain(RecommendationFixtures.rec("prod", "shop", "db", Severity.SEVERITY_OK, "20", "30", 1)));
        recs.add(mapper.toDomain(RecommendationFixtures.rec("prod", "shop", "web", Severity.SEVERITY_CRITICAL, "73", "18.25", 1)));
        summaries = new SummaryCalculator().summarise(recs);
    }

    @Test
    void csvParsesBackWithOneRowPerContainerAndSummableMoney() throws Exception {
        StringWriter out = new StringWriter();
        new CsvReportWriter().write(recs, summaries, out);

        CsvMapper csv = new CsvMapper();
        MappingIterator<Map<String, String>> rows = csv.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(out.toString());
        List<Map<String, String>> all = rows.readAll();
        assertThat(all).hasSize(4);
        Map<String, String> web = all.get(3);
        assertThat(web).containsEntry("cluster", "prod").containsEntry("name", "web").containsEntry("container", "app")
                .containsEntry("cpu_request_current_millicores", "500").containsEntry("cpu_request_recommended_millicores", "100")
                .containsEntry("cpu_limit_current_millicores", "")
                .containsEntry("memory_limit_recommended_bytes", "268435456")
                .containsEntry("savings_monthly", "54.75").containsEntry("severity", "CRITICAL");
        assertThat(all.get(1)).containsEntry("cost_unknown", "true").containsEntry("savings_monthly", "");
        // 1 + 54.75 - 10 = 45.75
        BigDecimal total = all.stream().map(r -> r.get("savings_monthly")).filter(s -> !s.isEmpty())
                .map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(total).isEqualByComparingTo("45.75");
    }

    @Test
    void yamlAndJsonCarryTheSameDocument() throws Exception {
        StringWriter yamlOut = new StringWriter();
        new JsonReportWriter(YAMLMapper.builder().build(), "yaml", "application/yaml").write(recs, summaries, yamlOut);
        StringWriter jsonOut = new StringWriter();
        new JsonReportWriter(JsonMapper.builder().build(), "json", "application/json").write(recs, summaries, jsonOut);

        Map<String, Object> yaml = new Yaml().load(yamlOut.toString());
        assertThat(yaml.get("total")).isEqualTo(4);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) yaml.get("items");
        assertThat(items).extracting(i -> i.get("name")).containsExactly("x-quoted", "cron", "db", "web");
        @SuppressWarnings("unchecked")
        Map<String, Object> webCost = (Map<String, Object>) items.get(3).get("cost");
        assertThat(webCost).containsEntry("savingsMonthly", "54.75").containsEntry("currency", "USD");

        JsonNode json = JsonMapper.builder().build().readTree(jsonOut.toString());
        assertThat(json.get("summary").get("totals").get("byCurrency").get("USD").get("savingsMonthly").asString())
                .isEqualTo("45.75");
        assertThat(json.get("items").get(3).get("containers").get(0).get("resources").get(1).get("recommendedRequest").asLong())
                .isEqualTo(268435456L);
    }

    @Test
    void htmlReportRendersInChromiumWithMatchingTotalsAndSorts(@TempDir Path dir) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeThat(Files.isExecutable(chromium)).as("ASSUMPTION: Debian's chromium is installed (CI installs it)").isTrue();
        StringWriter out = new StringWriter();
        new HtmlReportWriter(Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC)).write(recs, summaries, out);
        String html = out.toString();
        assertThat(html).doesNotContain("src=\"http", "href=\"http", "@import", "url(");
        Path file = dir.resolve("report.html");
        Files.writeString(file, html);

        String dom = dumpDom(chromium, dir, file.toUri() + "#sort=9-desc");

        assertThat(text(dom, "total-savings-USD")).isEqualTo("45.75");
        assertThat(text(dom, "total-current-USD")).isEqualTo("98");
        assertThat(text(dom, "js-totals")).isEqualTo("USD=45.75");
        assertThat(text(dom, "workload-count")).isEqualTo("4");
        assertThat(dom).contains("<svg id=\"savings-chart\"").contains("prod/shop");
        // sorted by savings, descending: web (54.75) first, then dev's 1, then db (-10), unknown last
        List<String> names = new ArrayList<>();
        Matcher row = Pattern.compile("<tr class=\"[a-z]+\"><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>").matcher(dom);
        while (row.find()) {
            names.add(row.group(1));
        }
        assertThat(names).containsExactly("web", "x-quoted", "db", "cron");
    }

    private static String dumpDom(Path chromium, Path dir, String url) throws Exception {
        Path profile = Files.createDirectory(dir.resolve("profile"));
        Path stdout = dir.resolve("dom.html");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--dump-dom", url)
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        assertThat(p.waitFor(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("chromium.err"))).isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #" + id + " in the DOM").isTrue();
        return m.group(1);
    }
}
