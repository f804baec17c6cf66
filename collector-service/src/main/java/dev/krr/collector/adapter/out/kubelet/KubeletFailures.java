package dev.krr.collector.adapter.out.kubelet;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Turns what went wrong in a scrape into a {@link KubeletScrapeException} with one readable line:
 * the node, what happened, the fix. Kept in one place so both clients classify a status or an
 * exception the same way and differ only in the RBAC resource they name ({@code nodes/metrics}
 * straight to the kubelet, {@code nodes/proxy} through the API server).
 */
final class KubeletFailures {

    private KubeletFailures() {
    }

    /** A non-2xx answer. {@code where} is what was asked for, e.g. "/metrics/resource" or the proxy path. */
    static KubeletScrapeException status(String node, String who, String where, int status, String body, String rbacResource,
                                         String unauthorizedHint) {
        String prefix = who + " on node " + node + " ";
        String excerpt = body.isEmpty() ? "" : " ('" + body + "')";
        return switch (status) {
            case 401 -> new KubeletScrapeException(node, true, prefix + "rejected the collector's credentials for " + where + " (401)"
                    + excerpt + ": " + unauthorizedHint);
            case 403 -> new KubeletScrapeException(node, true, prefix + "refused " + where + " (403)" + excerpt
                    + ": the collector's service account needs `get` on `" + rbacResource + "`");
            case 404 -> new KubeletScrapeException(node, true, prefix + "has no " + where + " (404)" + excerpt
                    + ": the node is gone, its kubelet predates /metrics/resource (Kubernetes 1.18), or something else answers there;"
                    + " follow this node from Prometheus");
            case 429 -> new KubeletScrapeException(node, false, prefix + "is throttling " + where + " (429)" + excerpt
                    + ": retrying at the next scrape; lower the scrape concurrency if this persists");
            default -> status >= 500
                    ? new KubeletScrapeException(node, false, prefix + "failed " + where + " (" + status + ")" + excerpt
                            + ": retrying at the next scrape")
                    : new KubeletScrapeException(node, true, prefix + "answered " + where + " with HTTP " + status + excerpt
                            + ": expected 200 with the Prometheus text format");
        };
    }

    /**
     * A scrape that did not get its answer: stops the feed (nothing reaches the consumer afterwards),
     * cancels the request, and says why in one line — a timeout or a transport error as
     * {@link #transport}, an interrupt as a transient failure with the interrupt flag kept.
     */
    static KubeletScrapeException abandoned(Exception failure, BodyFeed feed, java.util.concurrent.Future<?> request, String node,
            String target, Duration timeout) {
        feed.abandon();
        request.cancel(true);
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new KubeletScrapeException(node, false, "scrape of kubelet on node " + node + " interrupted", failure);
        }
        Throwable cause = failure instanceof java.util.concurrent.TimeoutException ? new HttpTimeoutException("scrape deadline passed")
                : failure.getCause() == null ? failure : failure.getCause();
        return transport(node, target, cause, timeout);
    }

    /** A failure below HTTP: timeout, refused connection, TLS. */
    static KubeletScrapeException transport(String node, String target, Throwable error, Duration timeout) {
        String prefix = "kubelet on node " + node + " at " + target + " ";
        if (error instanceof HttpTimeoutException) {
            return new KubeletScrapeException(node, false, prefix + "did not answer within " + timeout.toMillis()
                    + " ms: retrying at the next scrape; raise krr.collector.kubelet.timeout if the node is just slow", error);
        }
        if (causedBy(error, ConnectException.class) || causedBy(error, UnresolvedAddressException.class)) {
            return new KubeletScrapeException(node, false, prefix + "refused the connection (" + describe(error)
                    + "): retrying at the next scrape; check that the collector can reach the kubelet port (network policy, firewall)",
                    error);
        }
        if (causedBy(error, CertificateException.class)) {
            return new KubeletScrapeException(node, true, prefix + "presented a certificate that is not trusted (" + describe(error)
                    + "): set krr.collector.kubelet.ca-file to the CA that signs kubelet serving certificates,"
                    + " or krr.collector.kubelet.insecure-skip-tls-verify=true (as metrics-server's --kubelet-insecure-tls)", error);
        }
        if (causedBy(error, SSLException.class)) {
            return new KubeletScrapeException(node, true, prefix + "failed the TLS handshake (" + describe(error)
                    + "): check krr.collector.kubelet.scheme and that the port serves TLS", error);
        }
        return new KubeletScrapeException(node, false, prefix + "could not be read (" + describe(error)
                + "): retrying at the next scrape", error);
    }

    static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, which names the actual problem (e.g. "PKIX path building failed"). */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        message = message.replaceAll("\\s+", " ");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
