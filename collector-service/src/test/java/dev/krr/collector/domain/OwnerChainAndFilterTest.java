package dev.krr.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OwnerChainAndFilterTest {

    private static final OwnerRef DEPLOY = new OwnerRef("Deployment", "web", "u1");
    private static final OwnerRef RS = new OwnerRef("ReplicaSet", "web-7d9f", "u2");
    private static final OwnerRef CRON = new OwnerRef("CronJob", "nightly", "u3");
    private static final OwnerRef JOB = new OwnerRef("Job", "nightly-29433720", "u4");
    private static final OwnerRef ONE_OFF = new OwnerRef("Job", "migrate-abc12", "u5");

    /** A tiny cluster: web's ReplicaSet, nightly's Job, and a one-off migration Job labelled for grouping. */
    private static final Function<OwnerRef, Optional<OwnerChain.Link>> CLUSTER = ref -> switch (ref.name()) {
        case "web-7d9f" -> Optional.of(new OwnerChain.Link(RS, Optional.of(DEPLOY), Map.of()));
        case "web" -> Optional.of(new OwnerChain.Link(DEPLOY, Optional.empty(), Map.of()));
        case "nightly-29433720" -> Optional.of(new OwnerChain.Link(JOB, Optional.of(CRON), Map.of("batch", "nightly")));
        case "nightly" -> Optional.of(new OwnerChain.Link(CRON, Optional.empty(), Map.of()));
        case "migrate-abc12" -> Optional.of(new OwnerChain.Link(ONE_OFF, Optional.empty(), Map.of("batch", "migrate")));
        default -> Optional.empty();
    };

    @Test
    void podsRollUpToTheirTopLevelWorkload() {
        OwnerChain chain = new OwnerChain(Set.of("batch"));
        assertThat(chain.resolve("shop", RS, CLUSTER)).isEqualTo(new WorkloadId("shop", "Deployment", "web"));
        // a CronJob's Job rolls up to the CronJob even though the Job has a grouping label
        assertThat(chain.resolve("shop", JOB, CLUSTER)).isEqualTo(new WorkloadId("shop", "CronJob", "nightly"));
        // a one-off Job with a grouping label joins its group
        assertThat(chain.resolve("shop", ONE_OFF, CLUSTER)).isEqualTo(new WorkloadId("shop", OwnerChain.GROUPED_JOB, "migrate"));
        // without grouping labels it is its own workload
        assertThat(new OwnerChain(Set.of()).resolve("shop", ONE_OFF, CLUSTER)).isEqualTo(new WorkloadId("shop", "Job", "migrate-abc12"));
        // an owner krr does not watch (e.g. a StrimziPodSet) is the workload itself
        assertThat(chain.resolve("kafka", new OwnerRef("StrimziPodSet", "my-cluster-kafka", "u9"), CLUSTER))
                .isEqualTo(new WorkloadId("kafka", "StrimziPodSet", "my-cluster-kafka"));
    }

    @Test
    void filterByNamespaceRegexLabelsAndKinds() {
        WorkloadFilter f = new WorkloadFilter(List.of(Pattern.compile("shop|pay.*")), List.of(Pattern.compile("payments-canary")),
                "team=checkout,tier!=batch,app", Set.of("Deployment", "StatefulSet"));
        WorkloadId web = new WorkloadId("shop", "Deployment", "web");
        Map<String, String> labels = Map.of("team", "checkout", "app", "web");
        assertThat(f.accepts(web, labels)).isTrue();
        assertThat(f.accepts(new WorkloadId("payments", "StatefulSet", "db"), labels)).isTrue();
        assertThat(f.accepts(new WorkloadId("payments-canary", "Deployment", "web"), labels)).as("excluded namespace").isFalse();
        assertThat(f.accepts(new WorkloadId("kube-system", "Deployment", "dns"), labels)).as("not included").isFalse();
        assertThat(f.accepts(new WorkloadId("shop", "DaemonSet", "agent"), labels)).as("kind").isFalse();
        assertThat(f.accepts(web, Map.of("team", "checkout", "app", "web", "tier", "batch"))).as("tier!=batch").isFalse();
        assertThat(f.accepts(web, Map.of("team", "checkout"))).as("app must exist").isFalse();
        assertThat(f.accepts(web, Map.of("team", "search", "app", "web"))).as("team=checkout").isFalse();
        assertThat(WorkloadFilter.all().accepts(new WorkloadId("anything", "Job", "x"), Map.of())).isTrue();
        assertThatThrownBy(() -> new WorkloadFilter(List.of(), List.of(), "=x", Set.of())).hasMessageContaining("label selector");
    }
}
