package dev.krr.notifier.app;

import dev.krr.notifier.domain.NamespaceSummary;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Port: writes a report of recommendations (in report order) and their summaries in one format. */
public interface ReportWriter {

    /** Short name used in the API: json, csv, yaml, html. */
    String format();

    String contentType();

    void write(List<WorkloadRecommendation> recommendations, List<NamespaceSummary> summaries, Writer out) throws IOException;
}
