package dev.krr.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krr.strategy.config.StrategyDomainConfiguration;
import dev.krr.strategy.config.StrategyProperties;
import dev.krr.strategy.domain.StrategySelector;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Working defaults, and bad values stopping start-up with a message that names the property. */
class StrategyPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StrategyProperties.class)
    @Import(StrategyDomainConfiguration.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void defaultsWork() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            StrategyProperties p = ctx.getBean(StrategyProperties.class);
            assertThat(p.pricing().address()).isEqualTo("localhost:9090");
            assertThat(p.emission().interval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.selection().alternatives()).containsExactly("simple-limit", "vpa", "cost-aware");
            assertThat(p.krr().minMemoryBytes()).isEqualTo(100L * 1024 * 1024);
            assertThat(p.effectiveStateDir()).endsWith("krr-strategy-state");
            assertThat(p.streams().standbyReplicas()).isZero();
            assertThat(p.streams().leaveGroupOnClose()).isTrue();
            assertThat(ctx.getBean(StrategySelector.class)).isNotNull();
        });
    }

    @Test
    void badValuesNameTheProperty() {
        runner.withPropertyValues("krr.strategy.krr.cpu-percentile=120").run(ctx -> {
            assertThat(ctx).hasFailed();
            // Spring Boot's failure analyzer prints this as "Property: krr.strategy.krr.cpu-percentile ... Value: 120"
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("krr.strategy.krr.cpuPercentile")
                    .hasStackTraceContaining("rejected value [120.0]");
        });
        runner.withPropertyValues("krr.strategy.pricing.address=pricing-without-port").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("krr.strategy.pricing.address")
                    .hasStackTraceContaining("must be host:port");
        });
        runner.withPropertyValues("krr.strategy.streams.standby-replicas=-1").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("krr.strategy.streams.standbyReplicas");
        });
        runner.withPropertyValues("krr.strategy.selection.default-strategy=magic").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("default strategy 'magic' is not a known strategy");
        });
    }
}
