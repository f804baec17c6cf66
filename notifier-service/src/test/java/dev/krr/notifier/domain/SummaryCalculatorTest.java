package dev.krr.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryCalculatorTest {

    @Test
    void sumsPerClusterAndNamespaceLeavingUnknownCostsOut() {
        List<WorkloadRecommendation> recs = List.of(
                DomainFixtures.rec("prod", "shop", "web", Severity.CRITICAL, "73.00", "18.25", 1),
                DomainFixtures.rec("prod", "shop", "db", Severity.OK, "20.00", "30.00", 1),
                DomainFixtures.rec("prod", "shop", "cron", Severity.WARNING, null, null, 1),
                DomainFixtures.rec("dev", "shop", "web", Severity.GOOD, "5", "4", 1));

        List<NamespaceSummary> out = new SummaryCalculator().summarise(recs);

        assertThat(out).extracting(NamespaceSummary::cluster).containsExactly("dev", "prod");
        NamespaceSummary prod = out.get(1);
        // 73.00 + 20.00 = 93.00; 18.25 + 30.00 = 48.25; 54.75 - 10.00 = 44.75
        assertThat(prod.currentMonthly()).isEqualByComparingTo(new BigDecimal("93.00"));
        assertThat(prod.recommendedMonthly()).isEqualByComparingTo(new BigDecimal("48.25"));
        assertThat(prod.savingsMonthly()).isEqualByComparingTo(new BigDecimal("44.75"));
        assertThat(prod.workloads()).isEqualTo(3);
        assertThat(prod.unknownCostWorkloads()).isEqualTo(1);
        assertThat(prod.severityCounts()).containsEntry(Severity.CRITICAL, 1).containsEntry(Severity.OK, 1)
                .containsEntry(Severity.WARNING, 1).containsEntry(Severity.GOOD, 0);
        // (3 - 1 - 0.7) / 3 * 100 = 43.3 -> D
        assertThat(prod.score()).isEqualTo(new Score(43.3, "D"));
    }

    @Test
    void namespaceWithOnlyUnknownCostsHasNoCurrency() {
        List<NamespaceSummary> out = new SummaryCalculator().summarise(
                List.of(DomainFixtures.rec("c", "n", "w", Severity.GOOD, null, null, 1)));
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.currency()).isEmpty();
            assertThat(s.unknownCostWorkloads()).isEqualTo(1);
        });
    }
}
