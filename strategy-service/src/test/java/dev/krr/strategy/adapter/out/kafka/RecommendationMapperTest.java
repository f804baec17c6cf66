package dev.krr.strategy.adapter.out.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.contracts.Moneys;
import dev.krr.events.v1.AlternativeRecommendation;
import dev.krr.events.v1.ContainerRecommendation;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.events.v1.ResourceRecommendation;
import dev.krr.events.v1.Severity;
import dev.krr.events.v1.StrategyRef;
import dev.krr.events.v1.WorkloadCost;
import dev.krr.strategy.domain.EmissionPolicy;
import dev.krr.types.v1.PriceProvenance;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The side-by-side walk ({@link RecommendationMapper#materiallyDifferent}) must decide exactly as the
 * fingerprints do, for every kind of change the emission policy distinguishes.
 */
class RecommendationMapperTest {

    private static final EmissionPolicy POLICY = new EmissionPolicy(0.1, Duration.ofHours(24));

    private static ResourceRecommendation cpu(long request) {
        return ResourceRecommendation.newBuilder().setResource(Resource.RESOURCE_CPU_MILLICORES).setCurrentRequest(1000)
                .setRecommendedRequest(request).setSeverity(Severity.SEVERITY_CRITICAL).build();
    }

    private static ResourceRecommendation memory(long request) {
        return ResourceRecommendation.newBuilder().setResource(Resource.RESOURCE_MEMORY_BYTES).setCurrentRequest(1L << 30)
                .setCurrentLimit(1L << 30).setRecommendedRequest(request).setRecommendedLimit(request)
                .setSeverity(Severity.SEVERITY_WARNING).build();
    }

    private static ContainerRecommendation container(long cpuRequest, String info) {
        return ContainerRecommendation.newBuilder().setContainer("app").addResources(cpu(cpuRequest))
                .addResources(memory(500L << 20)).setSeverity(Severity.SEVERITY_CRITICAL).addInfo(info).build();
    }

    private static WorkloadCost cost(String current, String recommended) {
        return WorkloadCost.newBuilder().setCurrentMonthly(Moneys.of(new BigDecimal(current), "USD"))
                .setRecommendedMonthly(Moneys.of(new BigDecimal(recommended), "USD"))
                .setPrice(PriceProvenance.newBuilder().setSource("catalog")).build();
    }

    private static final Recommendation BASE = Recommendation.newBuilder()
            .setName("web").setReplicas(2).setSeverity(Severity.SEVERITY_CRITICAL)
            .setStrategy(StrategyRef.newBuilder().setName("simple").setSettingsHash("aaaa"))
            .addContainers(container(200, "vpa bounds 0.21 .. 0.33 cores"))
            .setCost(cost("26.17", "5.43"))
            .addAlternatives(AlternativeRecommendation.newBuilder()
                    .setStrategy(StrategyRef.newBuilder().setName("vpa").setSettingsHash("bbbb"))
                    .setSeverity(Severity.SEVERITY_OK).addContainers(container(250, "confidence 3")).setCost(cost("26.17", "6.00")))
            .setRevision(7).build();

    static Stream<Arguments> changes() {
        return Stream.<Object[]>of(
                new Object[] {"nothing but revision and time", (UnaryOperator<Recommendation.Builder>) b -> b.setRevision(8)
                        .setComputedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(99)), false},
                // 200m → 215m: 15/215 = 7% < 10%
                new Object[] {"cpu request +7%", op(b -> b.setContainers(0, container(215, "vpa bounds 0.21 .. 0.33 cores"))), false},
                // 200m → 230m: 30/230 = 13%
                new Object[] {"cpu request +13%", op(b -> b.setContainers(0, container(230, "vpa bounds 0.21 .. 0.33 cores"))), true},
                new Object[] {"numbers in info lines", op(b -> b.setContainers(0, container(200, "vpa bounds 0.25 .. 0.4 cores"))), false},
                new Object[] {"words in info lines", op(b -> b.setContainers(0, container(200, "vpa bounds 0.21 .. 0.33 cores, HPA"))),
                        true},
                new Object[] {"replicas", op(b -> b.setReplicas(3)), true},
                new Object[] {"row severity", op(b -> b.setSeverity(Severity.SEVERITY_WARNING)), true},
                new Object[] {"strategy settings", op(b -> b.setStrategy(StrategyRef.newBuilder().setName("simple")
                        .setSettingsHash("cccc"))), true},
                new Object[] {"current request", op(b -> b.setContainers(0, b.getContainers(0).toBuilder()
                        .setResources(0, cpu(200).toBuilder().setCurrentRequest(500)))), true},
                new Object[] {"recommendation withdrawn", op(b -> b.setContainers(0, b.getContainers(0).toBuilder()
                        .setResources(0, cpu(200).toBuilder().clearRecommendedRequest().setNoRecommendationReason("HPA detected")))),
                        true},
                new Object[] {"cost +5%", op(b -> b.setCost(cost("26.17", "5.70"))), false},
                new Object[] {"cost +20%", op(b -> b.setCost(cost("26.17", "6.80"))), true},
                new Object[] {"price turned stale", op(b -> b.setCost(b.getCost().toBuilder()
                        .setPrice(PriceProvenance.newBuilder().setSource("catalog").setStale(true)))), true},
                new Object[] {"cost unknown", op(b -> b.setCost(WorkloadCost.newBuilder().setUnknown(true)
                        .setUnknownReason("no rates"))), true},
                new Object[] {"alternative +7%", op(b -> b.setAlternatives(0, b.getAlternatives(0).toBuilder()
                        .setContainers(0, container(268, "confidence 3")))), false},
                new Object[] {"alternative +13%", op(b -> b.setAlternatives(0, b.getAlternatives(0).toBuilder()
                        .setContainers(0, container(288, "confidence 3")))), true},
                new Object[] {"alternative dropped", op(Recommendation.Builder::clearAlternatives), true},
                new Object[] {"second container", op(b -> b.addContainers(container(200, "x").toBuilder().setContainer("sidecar"))),
                        true})
                .map(Arguments::of);
    }

    private static UnaryOperator<Recommendation.Builder> op(UnaryOperator<Recommendation.Builder> f) {
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void walkDecidesLikeTheFingerprints(String change, UnaryOperator<Recommendation.Builder> edit, boolean material) {
        Recommendation next = edit.apply(BASE.toBuilder()).build();

        boolean byFingerprints = POLICY.isMaterial(RecommendationMapper.fingerprint(BASE), RecommendationMapper.fingerprint(next));
        assertThat(byFingerprints).as("fingerprints").isEqualTo(material);
        assertThat(RecommendationMapper.materiallyDifferent(BASE, next, POLICY)).as("walk").isEqualTo(material);
    }
}
