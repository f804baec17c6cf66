package dev.krr.notifier.app;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Port: one HTTP POST of a webhook body. Never throws for HTTP or network failures: they are results. */
public interface WebhookSender {

    SendResult post(URI url, String contentType, byte[] body, Map<String, String> headers, Duration timeout);

    /**
     * Outcome of one POST: an HTTP status (0 when no response came) with the receiver's
     * Retry-After (null if none), or the network error.
     */
    record SendResult(int status, Duration retryAfter, String error) {

        public static SendResult networkError(String error) {
            return new SendResult(0, null, error);
        }

        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        /** Network errors, 408, 429 and 5xx may succeed later; other 4xx will not. */
        public boolean retryable() {
            return status == 0 || status == 408 || status == 429 || status >= 500;
        }

        public String describe() {
            return status == 0 ? "network error: " + error : "HTTP " + status;
        }
    }
}
