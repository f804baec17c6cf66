package dev.krr.notifier.adapter.in.web;

import dev.krr.notifier.app.RecommendationQueries;
import dev.krr.notifier.domain.RecommendationFilter;
import dev.krr.notifier.domain.Severity;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API over the materialised recommendations: {@code GET /api/v1/recommendations} and
 * {@code GET /api/v1/summary}, both filtered by cluster, namespace, kind, severity and strategy.
 * A bad filter value is a 400 naming the parameter.
 */
@RestController
@RequestMapping("/api/v1")
public class RecommendationController {

    private final RecommendationQueries queries;

    public RecommendationController(RecommendationQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/recommendations")
    public RecommendationJson.Page recommendations(@RequestParam(required = false) String cluster,
                                                   @RequestParam(required = false) String namespace,
                                                   @RequestParam(required = false) String kind,
                                                   @RequestParam(required = false) String severity,
                                                   @RequestParam(required = false) String strategy) {
        return RecommendationJson.page(queries.list(filter(cluster, namespace, kind, severity, strategy)));
    }

    @GetMapping("/summary")
    public RecommendationJson.Summary summary(@RequestParam(required = false) String cluster,
                                              @RequestParam(required = false) String namespace,
                                              @RequestParam(required = false) String kind,
                                              @RequestParam(required = false) String severity,
                                              @RequestParam(required = false) String strategy) {
        return RecommendationJson.summary(queries.summary(filter(cluster, namespace, kind, severity, strategy)));
    }

    /** Builds a filter from query parameters; blank means "any". */
    public static RecommendationFilter filter(String cluster, String namespace, String kind, String severity,
                                              String strategy) {
        return new RecommendationFilter(blankToNull(cluster), blankToNull(namespace), blankToNull(kind),
                blankToNull(severity) == null ? null : Severity.parse("severity", severity), blankToNull(strategy));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }
}
