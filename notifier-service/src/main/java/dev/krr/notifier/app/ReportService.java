package dev.krr.notifier.app;

import dev.krr.notifier.domain.RecommendationFilter;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the current view, filtered, in one of the registered report formats. */
public final class ReportService {

    private final RecommendationQueries queries;
    private final Map<String, ReportWriter> writers = new LinkedHashMap<>();

    public ReportService(RecommendationQueries queries, List<ReportWriter> writers) {
        this.queries = queries;
        for (ReportWriter w : writers) {
            this.writers.put(w.format(), w);
        }
    }

    /** The writer of {@code format}; an unknown format is an {@link IllegalArgumentException} listing the known ones. */
    public ReportWriter writer(String format) {
        ReportWriter w = writers.get(format);
        if (w == null) {
            throw new IllegalArgumentException("report format '" + format + "' is not one of " + writers.keySet());
        }
        return w;
    }

    public void write(ReportWriter writer, RecommendationFilter filter, Writer out) throws IOException {
        List<WorkloadRecommendation> recs = queries.list(filter);
        writer.write(recs, queries.summarise(recs), out);
    }
}
