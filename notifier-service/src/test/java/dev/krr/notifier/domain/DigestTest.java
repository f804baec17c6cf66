package dev.krr.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestTest {

    @Test
    void topSavingsPerClusterUnknownLast() {
        List<WorkloadRecommendation> latest = List.of(
                DomainFixtures.rec("prod", "shop", "web", Severity.CRITICAL, "73", "18.25", 1),  // 54.75
                DomainFixtures.rec("prod", "shop", "db", Severity.OK, "20", "30", 1),            // -10
                DomainFixtures.rec("prod", "shop", "api", Severity.OK, "5", "2", 1),              // 3
                DomainFixtures.rec("prod", "shop", "cron", Severity.OK, null, null, 1),           // unknown
                DomainFixtures.rec("dev", "shop", "web", Severity.OK, "1", "0.5", 1));            // 0.5

        Digest top2 = Digest.of(latest, 9, 2);

        assertThat(top2.topByCluster().keySet()).containsExactly("dev", "prod");
        assertThat(top2.topByCluster().get("prod")).extracting(r -> r.workload().name()).containsExactly("web", "api");
        assertThat(top2.topByCluster().get("dev")).extracting(r -> r.workload().name()).containsExactly("web");
        // 54.75 + 3 + 0.5 = 58.25
        assertThat(top2.listedSavingsByCurrency().get("USD")).isEqualByComparingTo(new BigDecimal("58.25"));
        assertThat(top2.changes()).isEqualTo(9);
        assertThat(top2.listed()).isEqualTo(3);

        assertThat(Digest.of(latest, 9, 10).topByCluster().get("prod")).extracting(r -> r.workload().name())
                .containsExactly("web", "api", "db", "cron");
    }
}
