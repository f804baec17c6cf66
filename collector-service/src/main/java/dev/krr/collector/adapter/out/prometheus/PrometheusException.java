package dev.krr.collector.adapter.out.prometheus;

/**
 * A Prometheus call that failed. {@link #retryable()} separates what may heal by itself
 * (timeouts, 5xx, 429, a connection cut mid-response) from what will fail the same way again
 * (a bad query, bad credentials, an HTML login page instead of JSON): only the former is retried
 * and counts against the circuit breaker.
 */
public class PrometheusException extends RuntimeException {

    private final boolean retryable;
    private final int status;

    public PrometheusException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** Retryable failure (timeouts, 5xx, 429, truncated responses). */
    public static class Transient extends PrometheusException {
        public Transient(String message, int status, Throwable cause) {
            super(message, status, true, cause);
        }
    }

    /** Permanent failure (4xx other than 429, non-JSON bodies, query errors). */
    public static class Permanent extends PrometheusException {
        public Permanent(String message, int status, Throwable cause) {
            super(message, status, false, cause);
        }
    }
}
