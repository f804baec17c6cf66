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
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A self-contained HTML report (no external script, style, font or image): savings totals per
 * currency, an inline SVG bar chart of the namespaces with the largest savings, and a table of
 * every workload that sorts by any column when its header is clicked. A small inline script also
 * re-adds the savings column per currency into {@code #js-totals}, so a reader (or a test) can
 * check the table and the totals agree. A URL ending in {@code #sort=9-desc} opens the report
 * sorted by column 9 (savings), descending.
 */
public final class HtmlReportWriter implements ReportWriter {

    static final int CHART_BARS = 15;

    private final Clock clock;

    public HtmlReportWriter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String format() {
        return "html";
    }

    @Override
    public String contentType() {
        return "text/html; charset=utf-8";
    }

    @Override
    public void write(List<WorkloadRecommendation> recommendations, List<NamespaceSummary> summaries, Writer out)
            throws IOException {
        RecommendationJson.Summary summary = RecommendationJson.summary(summaries);
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>krr report</title>\n<style>\n");
        out.write(STYLE);
        out.write("</style></head><body>\n<h1>krr resource recommendations</h1>\n");
        out.write("<p class=\"meta\">Generated " + esc(clock.instant().toString()) + " &middot; <span id=\"workload-count\">"
                + recommendations.size() + "</span> workloads</p>\n");
        out.write("<h2>Monthly totals</h2>\n<table id=\"totals\"><thead><tr><th>Currency</th><th>Current</th>"
                + "<th>Recommended</th><th>Savings</th></tr></thead><tbody>\n");
        for (Map.Entry<String, RecommendationJson.CurrencyTotal> e : summary.totals().byCurrency().entrySet()) {
            String c = esc(e.getKey());
            out.write("<tr><td>" + c + "</td><td id=\"total-current-" + c + "\">" + e.getValue().currentMonthly()
                    + "</td><td id=\"total-recommended-" + c + "\">" + e.getValue().recommendedMonthly()
                    + "</td><td id=\"total-savings-" + c + "\">" + e.getValue().savingsMonthly() + "</td></tr>\n");
        }
        out.write("</tbody></table>\n<p>Recomputed from the table: <span id=\"js-totals\">(script disabled)</span></p>\n");
        writeChart(summaries, out);
        writeTable(recommendations, out);
        out.write("<script>\n");
        out.write(SCRIPT);
        out.write("</script>\n</body></html>\n");
    }

    private static void writeChart(List<NamespaceSummary> summaries, Writer out) throws IOException {
        Map<String, BigDecimal> byCurrency = new TreeMap<>();
        for (NamespaceSummary s : summaries) {
            if (!s.currency().isEmpty()) {
                byCurrency.merge(s.currency(), s.savingsMonthly().abs(), BigDecimal::add);
            }
        }
        out.write("<h2>Largest savings by namespace</h2>\n");
        if (byCurrency.isEmpty()) {
            out.write("<p>No priced recommendations.</p>\n");
            return;
        }
        String currency = byCurrency.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        List<NamespaceSummary> bars = new ArrayList<>();
        for (NamespaceSummary s : summaries) {
            if (s.currency().equals(currency) && s.savingsMonthly().signum() > 0) {
                bars.add(s);
            }
        }
        bars.sort(Comparator.comparing(NamespaceSummary::savingsMonthly).reversed());
        bars = bars.subList(0, Math.min(CHART_BARS, bars.size()));
        double max = bars.isEmpty() ? 1 : bars.get(0).savingsMonthly().doubleValue();
        int rowHeight = 22;
        int height = Math.max(1, bars.size()) * rowHeight + 10;
        out.write("<svg id=\"savings-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"820\" height=\"" + height
                + "\" role=\"img\" aria-label=\"monthly savings by namespace in " + esc(currency) + "\">\n");
        int y = 5;
        for (NamespaceSummary s : bars) {
            double width = Math.max(1, 480 * s.savingsMonthly().doubleValue() / max);
            out.write("<text x=\"0\" y=\"" + (y + 15) + "\" class=\"label\">" + esc(s.cluster() + "/" + s.namespace())
                    + "</text><rect x=\"240\" y=\"" + y + "\" width=\"" + String.format(java.util.Locale.ROOT, "%.1f", width)
                    + "\" height=\"" + (rowHeight - 6) + "\" class=\"bar\"/><text x=\"" + String.format(java.util.Locale.ROOT,
                    "%.1f", 246 + width) + "\" y=\"" + (y + 15) + "\" class=\"value\">"
                    + RecommendationJson.money(s.savingsMonthly()) + " " + esc(currency) + "</text>\n");
            y += rowHeight;
        }
        out.write("</svg>\n");
    }

    private static void writeTable(List<WorkloadRecommendation> recommendations, Writer out) throws IOException {
        out.write("<h2>Workloads</h2>\n<p class=\"meta\">Click a column header to sort.</p>\n");
        out.write("<table id=\"recommendations\"><thead><tr>");
        String[][] columns = {{"Cluster", "text"}, {"Namespace", "text"}, {"Kind", "text"}, {"Name", "text"},
                {"Severity", "number"}, {"CPU request", "number"}, {"Memory request", "number"},
                {"Current / month", "number"}, {"Recommended / month", "number"}, {"Savings / month", "number"},
                {"Currency", "text"}};
        for (String[] c : columns) {
            out.write("<th data-type=\"" + c[1] + "\">" + c[0] + "</th>");
        }
        out.write("</tr></thead><tbody>\n");
        StringBuilder row = new StringBuilder(512);
        for (WorkloadRecommendation r : recommendations) {
            row.setLength(0);
            row.append("<tr class=\"").append(r.severity().name().toLowerCase(java.util.Locale.ROOT)).append("\">");
            cell(row, r.workload().cluster());
            cell(row, r.workload().namespace());
            cell(row, r.workload().kind());
            cell(row, r.workload().name());
            row.append("<td data-value=\"").append(r.severity().rank()).append("\">").append(r.severity()).append("</td>");
            change(row, r, ResourceKind.CPU);
            change(row, r, ResourceKind.MEMORY);
            if (r.cost().unknown()) {
                row.append("<td data-value=\"\">unknown</td><td data-value=\"\">unknown</td>")
                        .append("<td class=\"savings\" data-value=\"\">unknown</td><td></td>");
            } else {
                money(row, r.cost().currentMonthly(), "");
                money(row, r.cost().recommendedMonthly(), "");
                money(row, r.cost().savingsMonthly(), " class=\"savings\"");
                cell(row, r.cost().currency());
            }
            row.append("</tr>\n");
            out.append(row);
        }
        out.write("</tbody></table>\n");
    }

    /** "500m -> 100m" summed over containers; sorts by the recommended value. */
    private static void change(StringBuilder row, WorkloadRecommendation r, ResourceKind kind) {
        long current = 0;
        long recommended = 0;
        boolean any = false;
        for (ContainerRecommendation c : r.containers()) {
            ResourceRecommendation rr = c.resource(kind);
            if (rr != null) {
                any = true;
                current += rr.currentRequest() == null ? 0 : rr.currentRequest();
                recommended += rr.recommendedRequest() == null ? 0 : rr.recommendedRequest();
            }
        }
        if (!any) {
            row.append("<td data-value=\"\"></td>");
            return;
        }
        row.append("<td data-value=\"").append(recommended).append("\">").append(kind.quantity(current)).append(" &rarr; ")
                .append(kind.quantity(recommended)).append("</td>");
    }

    private static void money(StringBuilder row, BigDecimal amount, String attributes) {
        String v = RecommendationJson.money(amount);
        row.append("<td").append(attributes).append(" data-value=\"").append(v).append("\">").append(v).append("</td>");
    }

    private static void cell(StringBuilder row, String text) {
        row.append("<td>").append(esc(text)).append("</td>");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d2430}
            h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}.meta{color:#5b6472}
            table{border-collapse:collapse;font-size:.9rem}th,td{padding:.3rem .6rem;border-bottom:1px solid #e3e6eb;text-align:left}
            #recommendations th{cursor:pointer;background:#f3f5f8;position:sticky;top:0}
            #recommendations th:after{content:" \\2195";color:#9aa3ae}
            td[data-value]{font-variant-numeric:tabular-nums}
            tr.critical td:nth-child(5){color:#b3261e;font-weight:600}tr.warning td:nth-child(5){color:#a05a00;font-weight:600}
            tr.ok td:nth-child(5){color:#2d6a2d}tr.good td:nth-child(5){color:#1b5e20}tr.unknown td:nth-child(5){color:#6b7280}
            svg .bar{fill:#3b6fd8}svg .label,svg .value{font-size:12px;fill:#1d2430}
            """;

    static final String SCRIPT = """
            (function(){
              var table=document.getElementById('recommendations');
              var body=table.tBodies[0];
              function key(cell,type){var v=cell.getAttribute('data-value');if(v===null){v=cell.textContent;}
                if(type==='number'){var n=parseFloat(v);return isNaN(n)?-Infinity:n;}return v.toLowerCase();}
              Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
                th.addEventListener('click',function(){
                  var type=th.getAttribute('data-type');var asc=th.getAttribute('data-sort')!=='asc';
                  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(o){o.removeAttribute('data-sort');});
                  th.setAttribute('data-sort',asc?'asc':'desc');
                  var rows=Array.prototype.slice.call(body.rows);
                  rows.sort(function(a,b){var x=key(a.cells[i],type),y=key(b.cells[i],type);return (x<y?-1:x>y?1:0)*(asc?1:-1);});
                  rows.forEach(function(r){body.appendChild(r);});
                });
              });
              var m=/^#sort=(\\d+)(-desc)?$/.exec(location.hash);
              if(m&&table.tHead.rows[0].cells[+m[1]]){var h=table.tHead.rows[0].cells[+m[1]];h.click();if(m[2]){h.click();}}
              var sums={};
              Array.prototype.forEach.call(body.rows,function(r){
                var cur=r.cells[10].textContent;var v=r.cells[9].getAttribute('data-value');
                if(cur&&v){sums[cur]=(sums[cur]||0)+Math.round(parseFloat(v)*100);}
              });
              document.getElementById('js-totals').textContent=Object.keys(sums).sort().map(function(c){
                return c+'='+(sums[c]/100).toFixed(2);}).join(' ');
            })();
            """;
}
