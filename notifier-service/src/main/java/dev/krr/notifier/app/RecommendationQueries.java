package dev.krr.notifier.app;

import dev.krr.notifier.domain.NamespaceSummary;
import dev.krr.notifier.domain.RecommendationFilter;
import dev.krr.notifier.domain.RecommendationView;
import dev.krr.notifier.domain.SummaryCalculator;
import dev.krr.notifier.domain.WorkloadRecommendation;
import java.util.List;

/** Read side of the notifier: filtered recommendations and per-namespace summaries from the view. */
public final class RecommendationQueries {

    private final RecommendationView view;
    private final SummaryCalculator summaries = new SummaryCalculator();

    public RecommendationQueries(RecommendationView view) {
        this.view = view;
    }

    public List<WorkloadRecommendation> list(RecommendationFilter filter) {
        return view.query(filter);
    }

    public List<NamespaceSummary> summary(RecommendationFilter filter) {
        return summaries.summarise(view.query(filter));
    }

    /** Summaries of an already selected list (saves a second pass over the view). */
    public List<NamespaceSummary> summarise(List<WorkloadRecommendation> recommendations) {
        return summaries.summarise(recommendations);
    }
}
