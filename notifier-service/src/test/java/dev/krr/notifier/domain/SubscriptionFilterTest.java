package dev.krr.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SubscriptionFilterTest {

    private final SubscriptionFilter filter = new SubscriptionFilter(Set.of("prod"), Pattern.compile("shop|pay-.*"),
            Severity.WARNING, new BigDecimal("10"), null);

    @Test
    void allCriteriaMustHold() {
        // prod/pay-eu, CRITICAL, savings 73 - 18.25 = 54.75 >= 10
        assertThat(filter.matches(DomainFixtures.rec("prod", "pay-eu", "web", Severity.CRITICAL, "73", "18.25", 1))).isTrue();
        // severity OK < WARNING
        assertThat(filter.matches(DomainFixtures.rec("prod", "shop", "db", Severity.OK, "73", "18.25", 1))).isFalse();
        // savings 5 < 10
        assertThat(filter.matches(DomainFixtures.rec("prod", "shop", "db", Severity.WARNING, "10", "5", 1))).isFalse();
        // unknown cost cannot reach a savings minimum
        assertThat(filter.matches(DomainFixtures.rec("prod", "shop", "db", Severity.WARNING, null, null, 1))).isFalse();
        // namespace must match whole: "shopping" is not "shop"
        assertThat(filter.matches(DomainFixtures.rec("prod", "shopping", "db", Severity.WARNING, "73", "1", 1))).isFalse();
        assertThat(filter.matches(DomainFixtures.rec("dev", "shop", "db", Severity.WARNING, "73", "1", 1))).isFalse();
    }

    @Test
    void anyMatchesEverything() {
        assertThat(SubscriptionFilter.ANY.matches(DomainFixtures.rec("x", "y", "z", Severity.UNKNOWN, null, null, 1))).isTrue();
        assertThat(new SubscriptionFilter(Set.of(), null, null, null, "vpa")
                .matches(DomainFixtures.rec("x", "y", "z", Severity.UNKNOWN, null, null, 1))).isFalse();
    }
}
