package dev.krr.strategy.config;

import dev.krr.strategy.domain.EmissionPolicy;
import dev.krr.strategy.domain.StrategySelector;
import dev.krr.strategy.domain.WorkloadRecommender;
import dev.krr.strategy.domain.cost.CostCalculator;
import dev.krr.strategy.domain.histogram.GeometricBuckets;
import dev.krr.strategy.domain.histogram.VpaBuckets;
import dev.krr.strategy.domain.state.StateCodec;
import dev.krr.strategy.domain.state.StateSettings;
import dev.krr.strategy.domain.strategy.CostAwareSettings;
import dev.krr.strategy.domain.strategy.CostAwareStrategy;
import dev.krr.strategy.domain.strategy.KrrSettings;
import dev.krr.strategy.domain.strategy.KrrStrategy;
import dev.krr.strategy.domain.strategy.RecommendationStrategy;
import dev.krr.strategy.domain.strategy.VpaSettings;
import dev.krr.strategy.domain.strategy.VpaStrategy;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the pure domain (strategies, selector, state layout, cost, emission) from {@link StrategyProperties}. */
@Configuration(proxyBeanMethods = false)
public class StrategyDomainConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    StateSettings stateSettings(StrategyProperties p) {
        StrategyProperties.State s = p.state();
        return new StateSettings(VpaBuckets.vpaCpuCores(), VpaBuckets.vpaMemoryBytes(), s.halfLife(), s.memoryAggregationInterval(),
                s.cpuSampleWeight(), GeometricBuckets.cpuCores(s.windowBucketGrowth()), s.windowSlice(), p.krr().history());
    }

    @Bean
    StateCodec stateCodec(StateSettings settings) {
        return new StateCodec(settings);
    }

    @Bean
    KrrSettings krrSettings(StrategyProperties p) {
        StrategyProperties.Krr k = p.krr();
        return new KrrSettings(k.history(), k.cpuPercentile(), k.cpuRequestPercentile(), k.cpuLimitPercentile(),
                k.memoryBufferPercentage(), k.oomMemoryBufferPercentage(), k.useOomkillData(), k.pointsRequired(), k.allowHpa(),
                k.minCpuMillicores(), k.minMemoryBytes());
    }

    @Bean
    List<RecommendationStrategy> recommendationStrategies(StrategyProperties p, KrrSettings krr) {
        StrategyProperties.Vpa v = p.vpa();
        StrategyProperties.CostAware c = p.costAware();
        return List.of(
                KrrStrategy.simple(krr),
                KrrStrategy.simpleLimit(krr),
                new VpaStrategy(new VpaSettings(v.targetPercentile(), v.lowerBoundPercentile(), v.upperBoundPercentile(),
                        v.safetyMarginFraction(), v.podMinCpuMillicores(), v.podMinMemoryBytes())),
                new CostAwareStrategy(new CostAwareSettings(c.cpuUnderProvisioningCostPerVcpuHour(),
                        c.memoryUnderProvisioningCostPerGibHour(), c.interruptibleUnderProvisioningFactor(), c.fallbackQuantile(),
                        c.minQuantile(), c.maxQuantile(), c.memoryLimitBufferPercentage(), krr)));
    }

    @Bean
    StrategySelector strategySelector(StrategyProperties p, List<RecommendationStrategy> recommendationStrategies) {
        StrategyProperties.Selection s = p.selection();
        return new StrategySelector(recommendationStrategies, s.defaultStrategy(), s.rules() == null ? java.util.Map.of() : s.rules(),
                s.alternatives() == null ? List.of() : s.alternatives().stream().filter(a -> !a.isBlank()).toList());
    }

    @Bean
    WorkloadRecommender workloadRecommender(StrategySelector selector, StrategyProperties p) {
        return new WorkloadRecommender(selector, new CostCalculator(p.pricing().staleAfter()));
    }

    @Bean
    EmissionPolicy emissionPolicy(StrategyProperties p) {
        return new EmissionPolicy(p.emission().minRelativeChange(), p.emission().refreshInterval());
    }
}
