package dev.krr.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffPolicyTest {

    private final BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2,
            Duration.ofMinutes(10));

    @ParameterizedTest(name = "attempt {0}, jitter sample {1} -> {2} ms")
    @CsvSource({
            // 1 s x 2^0, sample 0.5 is the middle: factor 1.0
            "1, 0.5, 1000",
            // factor 1 + 0.2 x (2 x 0 - 1) = 0.8
            "1, 0.0, 800",
            // 2 s x 1.2 (sample just below 1 ~ +20 %)
            "2, 0.9999999, 2400",
            "3, 0.5, 4000",
            // 2^6 = 64 s capped to 60 s
            "7, 0.5, 60000",
            // capped 60 s x 0.8 = 48 s
            "7, 0.0, 48000",
            // jitter never goes above max
            "9, 0.9999999, 60000",
    })
    void exponentialWithJitterCapped(int attempt, double sample, long expectedMillis) {
        assertThat(policy.delay(attempt, null, sample)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest(name = "Retry-After {0}s after attempt 1 -> {1} ms")
    @CsvSource({
            // the receiver asks for longer than the backoff: it wins
            "30, 30000",
            // the receiver asks for less than the backoff (1 s): the backoff wins
            "0, 1000",
            // capped at 10 minutes
            "86400, 600000",
    })
    void retryAfterHonouredWithinBounds(long retryAfterSeconds, long expectedMillis) {
        assertThat(policy.delay(1, Duration.ofSeconds(retryAfterSeconds), 0.5)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @org.junit.jupiter.api.Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, 2, Duration.ofSeconds(1), 0.1, Duration.ofSeconds(1)))
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0.1, Duration.ofSeconds(1)))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1.5, Duration.ofSeconds(1)))
                .hasMessageContaining("jitter");
    }
}
