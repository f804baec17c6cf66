package dev.krr.notifier.adapter.out.report;

import dev.krr.notifier.adapter.in.web.RecommendationJson;
import dev.krr.notifier.app.ReportWriter;
import dev.krr.notifier.domain.ContainerRecommendation;
import dev.krr.notifier.domain.NamespaceSummary;
import dev.krr.notifier.domain.ResourceKind;
import dev.krr.notifier.domain.ResourceRecommendation;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * CSV (RFC 4180, header row, CRLF) with one row per workload and container, CPU in millicores
 * and memory in bytes (empty = unset). The money columns are filled on the first container row
 * of each workload only, so summing a column gives the true total.
 */
public final class CsvReportWriter implements ReportWriter {

    static final String HEADER = "cluster,namespace,kind,name,container,severity,container_severity,strategy,replicas,"
            + "cpu_request_current_millicores,cpu_request_recommended_millicores,cpu_limit_current_millicores,"
            + "cpu_limit_recommended_millicores,memory_request_current_bytes,memory_request_recommended_bytes,"
            + "memory_limit_current_bytes,memory_limit_recommended_bytes,currency,current_monthly,recommended_monthly,"
            + "savings_monthly,cost_unknown,computed_at";

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public String contentType() {
        return "text/csv; charset=utf-8";
    }

    @Override
    public void write(List<WorkloadRecommendation> recommendations, List<NamespaceSummary> summaries, Writer out)
            throws IOException {
        out.write(HEADER);
        out.write("\r\n");
        StringBuilder row = new StringBuilder(256);
        for (WorkloadRecommendation r : recommendations) {
            boolean first = true;
            for (ContainerRecommendation c : r.containers()) {
                row.setLength(0);
                field(row, r.workload().cluster());
                field(row, r.workload().namespace());
                field(row, r.workload().kind());
                field(row, r.workload().name());
                field(row, c.container());
                field(row, r.severity().name());
                field(row, c.severity().name());
                field(row, r.strategy().name());
                field(row, String.valueOf(r.replicas()));
                ResourceRecommendation cpu = c.resource(ResourceKind.CPU);
                ResourceRecommendation memory = c.resource(ResourceKind.MEMORY);
                values(row, cpu);
                values(row, memory);
                if (first && !r.cost().unknown()) {
                    field(row, r.cost().currency());
                    field(row, RecommendationJson.money(r.cost().currentMonthly()));
                    field(row, RecommendationJson.money(r.cost().recommendedMonthly()));
                    field(row, RecommendationJson.money(r.cost().savingsMonthly()));
                } else {
                    row.append(",,,,");
                }
                field(row, String.valueOf(r.cost().unknown()));
                row.append(r.computedAt());
                row.append("\r\n");
                out.append(row);
                first = false;
            }
        }
    }

    private static void values(StringBuilder row, ResourceRecommendation r) {
        if (r == null) {
            row.append(",,,,");
            return;
        }
        number(row, r.currentRequest());
        number(row, r.recommendedRequest());
        number(row, r.currentLimit());
        number(row, r.recommendedLimit());
    }

    private static void number(StringBuilder row, Long v) {
        if (v != null) {
            row.append(v);
        }
        row.append(',');
    }

    private static void field(StringBuilder row, String v) {
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            row.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else {
            row.append(v);
        }
        row.append(',');
    }
}
