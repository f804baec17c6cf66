package dev.krr.notifier.adapter.in.web;

import dev.krr.notifier.adapter.out.kubernetes.KubernetesExporter;
import dev.krr.notifier.app.RecommendationQueries;
import dev.krr.notifier.domain.RecommendationFilter;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
 * Kubernetes exports as multi-document YAML, filtered like {@code /api/v1/recommendations}:
 * {@code /api/v1/exports/patches}, {@code /api/v1/exports/resource-recommendations} and
 * {@code /api/v1/exports/recommendation-report}.
 */
@RestController
@RequestMapping("/api/v1/exports")
public class ExportController {

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final RecommendationQueries queries;
    private final KubernetesExporter exporter;

    public ExportController(RecommendationQueries queries, KubernetesExporter exporter) {
        this.queries = queries;
        this.exporter = exporter;
    }

    @GetMapping("/{export}")
    public ResponseEntity<StreamingResponseBody> export(@PathVariable String export,
                                                        @RequestParam(required = false) String cluster,
                                                        @RequestParam(required = false) String namespace,
                                                        @RequestParam(required = false) String kind,
                                                        @RequestParam(required = false) String severity,
                                                        @RequestParam(required = false) String strategy) {
        RecommendationFilter filter = RecommendationController.filter(cluster, namespace, kind, severity, strategy);
        if (!List.of("patches", "resource-recommendations", "recommendation-report").contains(export)) {
            throw new IllegalArgumentException("export '" + export
                    + "' is not one of patches, resource-recommendations, recommendation-report");
        }
        StreamingResponseBody body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            List<WorkloadRecommendation> recs = queries.list(filter);
            switch (export) {
                case "patches" -> exporter.writePatches(recs, w);
                case "resource-recommendations" -> exporter.writeResourceRecommendations(recs, w);
                default -> exporter.writeReport(recs, queries.summarise(recs), w);
            }
            w.flush();
        };
        return ResponseEntity.ok().contentType(YAML).body(body);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", e.getMessage()));
    }
}
