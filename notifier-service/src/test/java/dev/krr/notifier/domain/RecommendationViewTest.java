package dev.krr.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecommendationViewTest {

    @Test
    void latestRevisionWinsAndTombstoneForgets() {
        RecommendationView view = new RecommendationView();
        assertThat(view.upsert(DomainFixtures.rec("c", "n", "w", Severity.CRITICAL, "10", "5", 2))).isTrue();
        // a late duplicate of revision 1 must not undo revision 2
        assertThat(view.upsert(DomainFixtures.rec("c", "n", "w", Severity.GOOD, "10", "9", 1))).isFalse();
        assertThat(view.get(new WorkloadRef("c", "n", "Deployment", "w")).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(view.upsert(DomainFixtures.rec("c", "n", "w", Severity.OK, "10", "8", 3))).isTrue();
        assertThat(view.get(new WorkloadRef("c", "n", "Deployment", "w")).severity()).isEqualTo(Severity.OK);

        assertThat(view.remove(new WorkloadRef("c", "n", "Deployment", "w"))).isTrue();
        assertThat(view.size()).isZero();
    }

    @Test
    void queryFiltersAndSorts() {
        RecommendationView view = new RecommendationView();
        view.upsert(DomainFixtures.rec("b", "n", "w", Severity.CRITICAL, "1", "1", 1));
        view.upsert(DomainFixtures.rec("a", "n", "w2", Severity.OK, "1", "1", 1));
        view.upsert(DomainFixtures.rec("a", "n", "w1", Severity.CRITICAL, "1", "1", 1));

        assertThat(view.query(RecommendationFilter.ALL)).extracting(r -> r.workload().toString())
                .containsExactly("a/n/Deployment/w1", "a/n/Deployment/w2", "b/n/Deployment/w");
        assertThat(view.query(new RecommendationFilter("a", null, "deployment", Severity.CRITICAL, "simple")))
                .extracting(r -> r.workload().name()).containsExactly("w1");
        assertThat(view.query(new RecommendationFilter(null, null, null, null, "vpa"))).isEmpty();
    }
}
