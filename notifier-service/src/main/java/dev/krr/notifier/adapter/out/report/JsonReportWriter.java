package dev.krr.notifier.adapter.out.report;

import dev.krr.notifier.adapter.in.web.RecommendationJson;
import dev.krr.notifier.app.ReportWriter;
import dev.krr.notifier.domain.NamespaceSummary;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.ObjectMapper;

/**
 * JSON or YAML report: {@code summary} (as {@code GET /api/v1/summary}) and {@code items} (as
 * {@code GET /api/v1/recommendations}); the same document in both syntaxes, so a tool reading one
 * reads the other.
 */
public final class JsonReportWriter implements ReportWriter {

    private final ObjectMapper mapper;
    private final String format;
    private final String contentType;

    public JsonReportWriter(ObjectMapper mapper, String format, String contentType) {
        this.mapper = mapper;
        this.format = format;
        this.contentType = contentType;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public void write(List<WorkloadRecommendation> recommendations, List<NamespaceSummary> summaries, Writer out) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("summary", RecommendationJson.summary(summaries));
        RecommendationJson.Page page = RecommendationJson.page(recommendations);
        doc.put("items", page.items());
        doc.put("total", page.total());
        // the caller owns the writer (an HTTP response it still flushes): Jackson must not close it
        mapper.writer().without(StreamWriteFeature.AUTO_CLOSE_TARGET).writeValue(out, doc);
    }
}
