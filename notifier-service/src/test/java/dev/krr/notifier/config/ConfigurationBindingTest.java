package dev.krr.notifier.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krr.notifier.NotifierApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;

/** A bad configuration value stops start-up with an error naming the property and the value. */
class ConfigurationBindingTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "krr.notifier.webhooks.subscriptions[0].id | Bad_Id",
            "krr.notifier.webhooks.subscriptions[0].url | ftp://example.invalid/hook",
            "krr.notifier.webhooks.backoff.jitter | 1.5",
    })
    void badValueStopsStartUpNamingPropertyAndValue(String property, String value) {
        String id = property.contains("subscriptions[0].id") ? value : "ok";
        String url = property.contains("subscriptions[0].url") ? value : "http://127.0.0.1:1/hook";
        assertThatThrownBy(() -> {
            try (ConfigurableApplicationContext ignored = NotifierApplication.builder().properties(
                    "server.port=0", "spring.kafka.bootstrap-servers=127.0.0.1:1",
                    "krr.notifier.webhooks.subscriptions[0].id=" + id,
                    "krr.notifier.webhooks.subscriptions[0].url=" + url,
                    property + "=" + value).run()) {
                // start-up must fail before this point
            }
        }).satisfies(e -> {
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                chain.append(t.getMessage()).append('\n');
            }
            org.assertj.core.api.Assertions.assertThat(chain.toString())
                    .contains(property.substring(property.lastIndexOf('.') + 1).replace("[0]", ""))
                    .contains(value);
        });
    }

    @ParameterizedTest
    @CsvSource({"subscriptions[0].namespaces, '(unclosed'"})
    void invalidNamespaceRegexIsNamed(String property, String value) {
        assertThatThrownBy(() -> NotifierApplication.builder().properties("server.port=0",
                "spring.kafka.bootstrap-servers=127.0.0.1:1",
                "krr.notifier.webhooks.subscriptions[0].id=ns", "krr.notifier.webhooks.subscriptions[0].url=http://127.0.0.1:1/",
                "krr.notifier.webhooks." + property + "=" + value).run().close())
                .rootCause().hasMessageContaining("namespaces").hasMessageContaining(value);
    }
}
