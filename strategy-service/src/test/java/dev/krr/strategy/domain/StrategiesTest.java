package dev.krr.strategy.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.krr.strategy.domain.cost.CostCalculator;
import dev.krr.strategy.domain.cost.WorkloadCost;
import dev.krr.strategy.domain.model.CapacityType;
import dev.krr.strategy.domain.model.ContainerRole;
import dev.krr.strategy.domain.model.ContainerSpec;
import dev.krr.strategy.domain.model.Hpa;
import dev.krr.strategy.domain.model.NodeRate;
import dev.krr.strategy.domain.model.ResourceKind;
import dev.krr.strategy.domain.model.Resources;
import dev.krr.strategy.domain.model.Workload;
import dev.krr.strategy.domain.state.ContainerSamples;
import dev.krr.strategy.domain.state.ContainerUsageState;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.strategy.ContainerProposal;
import dev.krr.strategy.domain.strategy.CostAwareSettings;
import dev.krr.strategy.domain.strategy.CostAwareStrategy;
import dev.krr.strategy.domain.strategy.KrrSettings;
import dev.krr.strategy.domain.strategy.KrrStrategy;
import dev.krr.strategy.domain.strategy.PriceContext;
import dev.krr.strategy.domain.strategy.Severity;
import dev.krr.strategy.domain.strategy.StrategyInput;
import dev.krr.strategy.domain.strategy.VpaSettings;
import dev.krr.strategy.domain.strategy.VpaStrategy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrategiesTest {

    private static final long MIN = 60_000L;
    private static final long DAY = 86_400_000L;
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;
    private static final long T0 = 20_000 * DAY;
    private static final Instant NOW = Instant.ofEpochMilli(T0 + DAY / 2);
    private static final ContainerSpec APP = new ContainerSpec("app", ContainerRole.MAIN, new Resources(1000L, GIB), new Resources(null, GIB));

    private static ContainerUsageState usage(int cpuPoints, float cores, long memoryPeak, long memoryPoints) {
        ContainerUsageState s = new ContainerUsageState(StateSettings.defaults());
        float[] a = new float[cpuPoints];
        Arrays.fill(a, cores);
        s.add(ContainerSamples.cpu("p", T0, MIN, a));
        s.add(ContainerSamples.memory("p", T0, T0 + cpuPoints * MIN, memoryPeak, memoryPoints));
        return s;
    }

    private static ContainerProposal propose(dev.krr.strategy.domain.strategy.RecommendationStrategy s, ContainerUsageState u, Hpa hpa) {
        return s.propose(new StrategyInput(APP, u, hpa, 1, null, NOW));
    }

    @Test
    void simpleGivesKrrsNumbersOnAFlatSeries() {
        ContainerProposal p = propose(KrrStrategy.simple(KrrSettings.defaults()), usage(200, 0.2f, 400 * MIB, 200), null);
        // 0.2 cores → bucket upper bound 0.2040016 → 205m; no CPU limit
        assertThat(p.cpu().request()).isEqualTo(205);
        assertThat(p.cpu().limit()).isNull();
        // 400 MiB × 1.15 = 460 MiB, request = limit
        assertThat(p.memory().request()).isEqualTo(460 * MIB);
        assertThat(p.memory().limit()).isEqualTo(460 * MIB);
        assertThat(p.dataPoints()).isEqualTo(200);
    }

    @Test
    void pointsRequiredHpaAndMinimums() {
        KrrStrategy simple = KrrStrategy.simple(KrrSettings.defaults());
        // 99 points < 100 → "Not enough data"; exactly 100 is enough
        assertThat(propose(simple, usage(99, 0.2f, 400 * MIB, 99), null).cpu().noRecommendationReason()).isEqualTo("Not enough data");
        assertThat(propose(simple, usage(100, 0.2f, 400 * MIB, 100), null).cpu().recommends()).isTrue();
        assertThat(propose(simple, null, null).memory().noRecommendationReason()).isEqualTo("No data");
        // HPA on CPU blocks CPU only
        ContainerProposal hpa = propose(simple, usage(200, 0.2f, 400 * MIB, 200), new Hpa("web", true, false));
        assertThat(hpa.cpu().noRecommendationReason()).isEqualTo("HPA detected");
        assertThat(hpa.memory().recommends()).isTrue();
        // tiny usage: 2m → 10m floor; 20 MiB × 1.15 = 23 MiB → 100 MiB floor
        ContainerProposal tiny = propose(simple, usage(200, 0.002f, 20 * MIB, 200), null);
        assertThat(tiny.cpu().request()).isEqualTo(10);
        assertThat(tiny.memory().request()).isEqualTo(100 * MIB);
        KrrSettings allow = new KrrSettings(Duration.ofDays(14), 95, 66, 96, 15, 25, true, 100, true, 10, 100 * MIB);
        assertThat(propose(KrrStrategy.simple(allow), usage(200, 0.2f, 400 * MIB, 200), new Hpa("web", true, true)).cpu().recommends())
                .isTrue();
    }

    @Test
    void oomKillRaisesMemoryToTheLimitAtOomPlus25Percent() {
        ContainerUsageState u = usage(200, 0.2f, 400 * MIB, 200);
        u.add(new ContainerSamples("p", T0 + 300 * MIN, T0 + 301 * MIN, 0, new float[0], null, 500 * MIB, 1, 1, 512 * MIB, -1));
        ContainerProposal p = propose(KrrStrategy.simple(KrrSettings.defaults()), u, null);
        // max(500 × 1.15 = 575, 512 × 1.25 = 640) MiB
        assertThat(p.memory().request()).isEqualTo(640 * MIB);
        assertThat(p.info()).anyMatch(i -> i.startsWith("OOMKill detected"));
        KrrSettings off = new KrrSettings(Duration.ofDays(14), 95, 66, 96, 15, 25, false, 100, false, 10, 100 * MIB);
        // KRR's default (OOM data off): 500 × 1.15 = 575 MiB
        assertThat(propose(KrrStrategy.simple(off), u, null).memory().request()).isEqualTo(575 * MIB);
    }

    @Test
    void simpleLimitTakesP66AndP96OfAllPoints() {
        ContainerUsageState s = new ContainerUsageState(StateSettings.defaults());
        // 100 samples: 1m..100m
        float[] ramp = new float[100];
        for (int i = 0; i < 100; i++) {
            ramp[i] = (i + 1) / 1000f;
        }
        s.add(ContainerSamples.cpu("p", T0, MIN, ramp));
        s.add(ContainerSamples.memory("p", T0, T0 + 100 * MIN, 200 * MIB, 100));
        ContainerProposal p = propose(KrrStrategy.simpleLimit(KrrSettings.defaults()), s, null);
        // P66: rank ⌈0.66·99⌉ = ⌈65.34⌉ = 66 → 67m → bucket ⌈ln 67/ln 1.05⌉ = ⌈86.18⌉ = 87 → 1.05^87 = 69.84 → 70m
        assertThat(p.cpu().request()).isEqualTo(70);
        // P96: rank ⌈0.96·99⌉ = ⌈95.04⌉ = 96 → 97m → bucket ⌈93.76⌉ = 94 → 1.05^94 = 98.13 → 99m
        assertThat(p.cpu().limit()).isEqualTo(99);
    }

    @Test
    void vpaTargetAndBoundsFollowVpasEstimators() {
        // 3 days at one sample a minute of 0.2 cores: VPA bucket of 0.2 is 14 (start 0.01·(1.05^14−1)/0.05 = 0.19599),
        // its upper bound start(15) = 0.01·(1.05^15−1)/0.05 = 0.215786; target = 0.215786 × 1.15 = 0.248154 → 249m
        ContainerUsageState s = new ContainerUsageState(StateSettings.defaults());
        float[] a = new float[3 * 1440 + 1];
        Arrays.fill(a, 0.2f);
        s.add(ContainerSamples.cpu("p", T0, MIN, a));
        s.add(ContainerSamples.memory("p", T0, T0 + DAY, 400 * MIB, 1440));
        ContainerProposal p = new VpaStrategy(VpaSettings.defaults()).propose(new StrategyInput(APP, s, null, 1, null,
                Instant.ofEpochMilli(T0 + 3 * DAY)));
        assertThat(p.cpu().request()).isEqualTo(249);
        // confidence 3: upper = 0.215786 × 1.15 × (1 + 1/3) = 0.330872 → 331m; lower = 0.215786 × 1.15 × (1 + 0.001/3)^-2 = 248m
        assertThat(p.info()).contains("vpa cpu bounds: 248m..331m");
        assertThat(p.confidence()).isEqualTo(1.0);
        // no current CPU limit → none recommended; memory limit kept proportional (1 GiB / 1 GiB = 1)
        assertThat(p.cpu().limit()).isNull();
        assertThat(p.memory().limit()).isEqualTo(p.memory().request());
        assertThat(new VpaStrategy(VpaSettings.defaults()).propose(new StrategyInput(APP, s, new Hpa("h", true, false), 1, null, NOW))
                .cpu().noRecommendationReason()).isEqualTo("HPA detected");
    }

    @Test
    void vpaAppliesPerPodMinimumsSplitBetweenContainers() {
        ContainerUsageState s = usage(2000, 0.001f, 1 * MIB, 2000);
        ContainerProposal p = new VpaStrategy(VpaSettings.defaults()).propose(new StrategyInput(APP, s, null, 2, null, NOW));
        // 25m / 2 containers = 12.5m → 13m; 250 MiB / 2 = 125 MiB
        assertThat(p.cpu().request()).isEqualTo(13);
        assertThat(p.memory().request()).isEqualTo(125 * MIB);
    }

    @ParameterizedTest
    @CsvSource({
        // Cu, Co, q* = Cu / (Cu + Co)
        "0.30, 0.031611, 0.904674",
        "0.30, 0.009483, 0.969358",
        // 0.50 / 0.504237 = 0.9916, clamped to maxQuantile 0.99
        "0.50, 0.004237, 0.99",
        "0.01, 0.031611, 0.5",
        "0.0, 0.0, 0.99",
    })
    void criticalFractileBalancesIdleAgainstShortfall(double under, double over, double expected) {
        assertThat(CostAwareStrategy.criticalFractile(under, over, 0.5, 0.99)).isCloseTo(expected, within(1e-6));
    }

    @Test
    void costAwareUsesCheaperSpotCapacityForMoreHeadroom() {
        ContainerUsageState s = new ContainerUsageState(StateSettings.defaults());
        float[] a = new float[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = i < 900 ? 0.1f : 0.5f;
        }
        s.add(ContainerSamples.cpu("p", T0, MIN, a));
        s.add(ContainerSamples.memory("p", T0, T0 + 1000 * MIN, 300 * MIB, 1000));
        CostAwareStrategy strategy = new CostAwareStrategy(CostAwareSettings.defaults());
        PriceContext onDemand = new PriceContext("USD", new BigDecimal("0.031611"), new BigDecimal("0.004237"), CapacityType.ON_DEMAND);
        PriceContext spot = new PriceContext("USD", new BigDecimal("0.009483"), new BigDecimal("0.001271"), CapacityType.SPOT);
        long onDemandCpu = strategy.propose(new StrategyInput(APP, s, null, 1, onDemand, NOW)).cpu().request();
        long spotCpu = strategy.propose(new StrategyInput(APP, s, null, 1, spot, NOW)).cpu().request();
        // 10% of the (equally weighted) samples are 0.5 cores: on demand q* = 0.9047 lies past the 0.1-core mass
        // (90%) → the 0.5-core bucket; so does spot (0.9694). Both above KRR's floor and equal here...
        assertThat(spotCpu).isGreaterThanOrEqualTo(onDemandCpu);
        // ...while a costly shortfall-free setting (Cu tiny) drops to the 0.1-core bucket: VPA bucket of 0.1 is
        // ⌊ln(0.1·5 + 1)/ln 1.05⌋ = 8, upper bound start(9) = 0.01·(1.05^9 − 1)/0.05 = 0.110266 → 111m
        CostAwareStrategy cheapShortfall = new CostAwareStrategy(new CostAwareSettings(0.01, 0.01, 1, 0.9, 0.5, 0.99, 15,
                KrrSettings.defaults()));
        assertThat(cheapShortfall.propose(new StrategyInput(APP, s, null, 1, onDemand, NOW)).cpu().request()).isEqualTo(111);
        ContainerProposal unknownPrice = strategy.propose(new StrategyInput(APP, s, null, 1, null, NOW));
        assertThat(unknownPrice.info()).anyMatch(i -> i.startsWith("price unknown"));
        // memory limit stays at the window max × 1.15 = 345 MiB
        assertThat(unknownPrice.memory().limit()).isEqualTo(345 * MIB);
    }

    @ParameterizedTest
    @CsvSource({
        "CPU, 1000, 400, CRITICAL",
        "CPU, 250, 100, OK",
        "CPU, 500, 250, WARNING",
        "CPU, 100, 50, GOOD",
        "CPU, , , GOOD",
        "CPU, , 100, WARNING",
        "MEMORY, 1073741824, 536870912, CRITICAL",
        "MEMORY, 524288000, 262144000, WARNING",
        "MEMORY, 209715200, 104857600, OK",
        "MEMORY, 104857600, 52428800, GOOD",
    })
    void severityFollowsKrrsTable(ResourceKind kind, Long current, Long recommended, Severity expected) {
        assertThat(Severity.of(kind, current, recommended)).isEqualTo(expected);
    }

    @Test
    void monthlyCostUsesTheRatesOfTheNodesThePodsRunOn() {
        NodeRate a = new NodeRate("a", "USD", new BigDecimal("0.031611"), new BigDecimal("0.004237"), CapacityType.ON_DEMAND,
                "test", "2026-11-01", false, false, NOW);
        Workload w = new Workload("c", "ns", "Deployment", "web", 3, List.of(APP), null,
                List.of(new Workload.PodPlacement("p0", "a"), new Workload.PodPlacement("p1", "a"), new Workload.PodPlacement("p2", "b")),
                Map.of(), null);
        WorkloadCost cost = new CostCalculator(Duration.ofHours(24)).cost(w, List.of(new Resources(500L, GIB)),
                List.of(new Resources(250L, GIB / 2)), Map.of("a", a), NOW);
        // (0.5 × 0.031611 + 1 × 0.004237) × 3 × 730 = 0.0200425 × 2190 = 43.893 → 43.89
        assertThat(cost.currentMonthly()).isEqualByComparingTo("43.89");
        // (0.25 × 0.031611 + 0.5 × 0.004237) × 2190 = 0.01002125 × 2190 = 21.946 → 21.95
        assertThat(cost.recommendedMonthly()).isEqualByComparingTo("21.95");
        assertThat(cost.savingsMonthly()).isEqualByComparingTo("21.94");
        // pod p2's node b has no rate: the mean of the priced pods stands in, flagged as estimated
        assertThat(cost.estimated()).isTrue();
        assertThat(cost.estimationBasis()).contains("2 of 3 pods");
        assertThat(cost.stale()).isFalse();
        NodeRate old = new NodeRate("a", "USD", a.cpuPerVcpuHour(), a.memoryPerGibHour(), CapacityType.ON_DEMAND, "test", "", false, false,
                NOW.minus(Duration.ofHours(25)));
        assertThat(new CostCalculator(Duration.ofHours(24)).cost(w, List.of(APP.requests()), List.of(APP.requests()), Map.of("a", old), NOW)
                .stale()).isTrue();
        WorkloadCost unknown = new CostCalculator(Duration.ofHours(24)).cost(w, List.of(APP.requests()), List.of(APP.requests()), Map.of(), NOW);
        assertThat(unknown.unknown()).isTrue();
        assertThat(unknown.unknownReason()).isEqualTo("no rates yet for nodes a, b");
    }

    @Test
    void emissionPolicyPublishesMaterialChangesAndRefreshes() {
        EmissionPolicy policy = new EmissionPolicy(0.1, Duration.ofHours(24));
        EmissionPolicy.Fingerprint base = new EmissionPolicy.Fingerprint(Map.of("sev", "OK"), Map.of("app/cpu/request", 200.0));
        // 200m → 215m: 15/215 = 7% < 10%
        assertThat(policy.shouldEmit(base, new EmissionPolicy.Fingerprint(Map.of("sev", "OK"), Map.of("app/cpu/request", 215.0)),
                NOW, NOW.plusSeconds(60))).isFalse();
        // 200m → 230m: 30/230 = 13%
        assertThat(policy.shouldEmit(base, new EmissionPolicy.Fingerprint(Map.of("sev", "OK"), Map.of("app/cpu/request", 230.0)),
                NOW, NOW.plusSeconds(60))).isTrue();
        assertThat(policy.shouldEmit(base, new EmissionPolicy.Fingerprint(Map.of("sev", "WARNING"), Map.of("app/cpu/request", 200.0)),
                NOW, NOW.plusSeconds(60))).isTrue();
        assertThat(policy.shouldEmit(base, base, NOW, NOW.plus(Duration.ofHours(24)))).isTrue();
        assertThat(policy.shouldEmit(null, base, null, NOW)).isTrue();
    }

    @Test
    void selectorPrefersAnnotationThenWorkloadNamespaceClusterRules() {
        KrrSettings k = KrrSettings.defaults();
        StrategySelector selector = new StrategySelector(List.of(KrrStrategy.simple(k), KrrStrategy.simpleLimit(k),
                new VpaStrategy(VpaSettings.defaults())), "simple",
                Map.of("prod", "vpa", "prod/payments", "simple-limit", "prod/payments/Deployment/api", "simple"), List.of("vpa"));
        assertThat(selector.choose(workload("prod", "web", "x", Map.of())).strategy().name()).isEqualTo("vpa");
        assertThat(selector.choose(workload("prod", "payments", "x", Map.of())).strategy().name()).isEqualTo("simple-limit");
        assertThat(selector.choose(workload("prod", "payments", "api", Map.of())).strategy().name()).isEqualTo("simple");
        assertThat(selector.choose(workload("prod", "payments", "api", Map.of("krr.dev/strategy", "vpa"))).strategy().name())
                .isEqualTo("vpa");
        StrategySelector.Choice bad = selector.choose(workload("dev", "a", "b", Map.of("krr.dev/strategy", "magic")));
        assertThat(bad.strategy().name()).isEqualTo("simple");
        assertThat(bad.note()).contains("magic");
        assertThat(selector.alternativesTo(KrrStrategy.simple(k))).extracting(s -> s.name()).containsExactly("vpa");
        assertThatThrownBy(() -> new StrategySelector(List.of(KrrStrategy.simple(k)), "simple", Map.of("x", "nope"), List.of()))
                .hasMessageContaining("'nope' is not a known strategy");
    }

    private static Workload workload(String cluster, String ns, String name, Map<String, String> annotations) {
        return new Workload(cluster, ns, "Deployment", name, 1, List.of(APP), null, List.of(), annotations, null);
    }
}
