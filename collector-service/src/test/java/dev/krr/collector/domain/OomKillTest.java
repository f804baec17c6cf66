package dev.krr.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OomKillTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final WorkloadId WEB = new WorkloadId("shop", "Deployment", "web");

    private static ContainerUsage usage(String pod, int ooms) {
        return new ContainerUsage(pod, "web", "n1", 60, new float[] {0.1f}, 100, new long[] {100}, 1, ooms, null, null, null);
    }

    @Test
    void aKillFromPodStatusIsAddedOnlyInsideItsWindowAndNeverTwice() {
        UsageWindow window = new UsageWindow(WEB, T, T.plusSeconds(3600), List.of(usage("a", 0), usage("b", 1)), "prometheus");
        List<OomKill> kills = List.of(
                new OomKill("a", "web", T.plusSeconds(42 * 60), 768L << 20), // 10:42: inside [10:00, 11:00)
                new OomKill("b", "web", T.plusSeconds(5 * 60), 768L << 20), // b already counted 1 from kube-state-metrics
                new OomKill("a", "web", T.plusSeconds(3600), 768L << 20)); // 11:00: belongs to the next window
        UsageWindow merged = OomKill.merge(window, kills);
        assertThat(merged.containers().get(0).oomKills()).isEqualTo(1);
        assertThat(merged.containers().get(0).memoryLimitAtOomBytes()).isEqualTo(768L << 20);
        assertThat(merged.containers().get(0).lastOomAt()).isEqualTo(T.plusSeconds(42 * 60));
        assertThat(merged.containers().get(1).oomKills()).isEqualTo(1);
        assertThat(OomKill.merge(window, List.of())).isSameAs(window);
    }
}
