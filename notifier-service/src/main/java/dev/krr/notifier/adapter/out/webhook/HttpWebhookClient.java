package dev.krr.notifier.adapter.out.webhook;

import dev.krr.notifier.app.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Posts webhook bodies with the JDK HTTP client (HTTP/1.1, keep-alive). One instance per
 * subscription, so one endpoint's connections never queue behind another's. Parses
 * {@code Retry-After} as seconds or as an HTTP date.
 */
public final class HttpWebhookClient implements WebhookSender {

    private final HttpClient http;
    private final Clock clock;

    public HttpWebhookClient(Duration connectTimeout, Clock clock) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.clock = clock;
    }

    @Override
    public SendResult post(URI url, String contentType, byte[] body, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", contentType)
                .header("User-Agent", "krr-notifier")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new SendResult(response.statusCode(),
                    response.headers().firstValue("Retry-After").map(this::retryAfter).orElse(null), null);
        } catch (IOException e) {
            return SendResult.networkError(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.networkError("interrupted");
        }
    }

    /** "120" is two minutes; "Wed, 21 Oct 2015 07:28:00 GMT" is the time left until then; garbage is ignored. */
    Duration retryAfter(String value) {
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration left = Duration.between(clock.instant(), at.toInstant());
                return left.isNegative() ? Duration.ZERO : left;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
