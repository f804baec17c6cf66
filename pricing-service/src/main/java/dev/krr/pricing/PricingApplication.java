package dev.krr.pricing;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the pricing service. Its configuration file is {@value #CONFIG_NAME}.yml (not
 * application.yml) so that all four services can share one classpath in {@code krr up} and in
 * the end-to-end test without reading each other's settings.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PricingApplication {

    /** Base name of this service's configuration files ({@code pricing.yml}, {@code pricing-<profile>.yml}). */
    public static final String CONFIG_NAME = "pricing";

    /** A builder preset with this service's configuration name; the CLI adds its own properties. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(PricingApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
