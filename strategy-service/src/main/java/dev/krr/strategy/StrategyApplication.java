package dev.krr.strategy;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the strategy service. Its configuration file is {@value #CONFIG_NAME}.yml (not
 * application.yml) so that all four services can share one classpath in {@code krr up} and in
 * the end-to-end test without reading each other's settings.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StrategyApplication {

    /** Base name of this service's configuration files ({@code strategy.yml}, {@code strategy-<profile>.yml}). */
    public static final String CONFIG_NAME = "strategy";

    /** A builder preset with this service's configuration name; the CLI adds its own properties. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(StrategyApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
