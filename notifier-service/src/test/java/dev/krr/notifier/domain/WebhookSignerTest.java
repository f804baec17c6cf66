package dev.krr.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private final WebhookSigner signer = new WebhookSigner();

    @Test
    void matchesTheHmacOfTimestampDotBody() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        // reference computed independently of the signer (JDK Mac over "1700000000.{}")
        String expected = dev.krr.notifier.fixtures.Signatures.expected("s3cret", "1700000000", body);
        assertThat(signer.sign("s3cret", 1_700_000_000L, body)).isEqualTo(expected).startsWith("v1=").hasSize(3 + 64);
        assertThat(signer.verify("s3cret", 1_700_000_000L, body, expected)).isTrue();
    }

    @Test
    void timestampBodyAndSecretAllMatter() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String sig = signer.sign("k", 10, body);
        assertThat(signer.verify("k", 11, body, sig)).isFalse();
        assertThat(signer.verify("k2", 10, body, sig)).isFalse();
        assertThat(signer.verify("k", 10, "{\"a\":2}".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
        assertThat(signer.verify("k", 10, body, null)).isFalse();
    }
}
