package dev.krr.notifier.adapter.in.web;

import dev.krr.notifier.app.ReportService;
import dev.krr.notifier.app.ReportWriter;
import dev.krr.notifier.domain.RecommendationFilter;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/v1/reports/{format}} with format json, csv, yaml or html, filtered like
 * {@code /api/v1/recommendations}; streamed, so a large report is never held whole in memory.
 * {@code download=true} adds a Content-Disposition with a file name.
 */
@RestController
@RequestMapping("/api/v1/reports")
public class ReportController {

    private final ReportService reports;

    public ReportController(ReportService reports) {
        this.reports = reports;
    }

    @GetMapping("/{format}")
    public ResponseEntity<StreamingResponseBody> report(@PathVariable String format,
                                                        @RequestParam(required = false) String cluster,
                                                        @RequestParam(required = false) String namespace,
                                                        @RequestParam(required = false) String kind,
                                                        @RequestParam(required = false) String severity,
                                                        @RequestParam(required = false) String strategy,
                                                        @RequestParam(defaultValue = "false") boolean download) {
        ReportWriter writer = reports.writer(format);
        RecommendationFilter filter = RecommendationController.filter(cluster, namespace, kind, severity, strategy);
        StreamingResponseBody body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            reports.write(writer, filter, w);
            w.flush();
        };
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(MediaType.parseMediaType(writer.contentType()));
        if (download) {
            response.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"krr-report." + format + "\"");
        }
        return response.body(body);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", e.getMessage()));
    }
}
