package dev.krr.notifier.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Core settings of the notifier ({@code krr.notifier.*}): which topic to read and how the
 * materialised view and the dead-letter producer behave.
 *
 * @param recommendationsTopic the compacted topic to materialise (default {@code krr.recommendations.v1})
 * @param view                 view consumer settings
 * @param deadLetterSendTimeout how long a dead-letter send may take before it counts as failed
 * @param metricsRefresh       how often the per-recommendation gauges are rebuilt from the view
 */
@Validated
@ConfigurationProperties(prefix = "krr.notifier")
public record NotifierProperties(
        @NotBlank @DefaultValue("krr.recommendations.v1") String recommendationsTopic,
        @Valid @NotNull @DefaultValue View view,
        @NotNull @DefaultValue("10s") Duration deadLetterSendTimeout,
        @NotNull @DefaultValue("15s") Duration metricsRefresh) {

    /**
     * @param pollTimeout      longest wait of one poll of the view consumer
     * @param partitionRefresh how often the view looks for the topic and new partitions
     */
    public record View(
            @NotNull @DefaultValue("500ms") Duration pollTimeout,
            @NotNull @DefaultValue("10s") Duration partitionRefresh) {
    }
}
