package dev.krr.collector.adapter.out.kubelet;

/**
 * One scrape of one node's resource metrics failed. {@link #permanent()} separates configuration
 * problems that the next scrape will hit again (401, 403, 404, an untrusted certificate, an HTML
 * page instead of metrics) from passing ones (timeout, connection refused, 5xx, 429): the scrape
 * loop keeps retrying transient failures on its schedule but reports permanent ones once and
 * falls back to Prometheus for that node, since retrying a 403 every 30 s fixes nothing.
 * The message is one line naming the node, what happened and the fix.
 */
public class KubeletScrapeException extends RuntimeException {

    private final String node;
    private final boolean permanent;

    public KubeletScrapeException(String node, boolean permanent, String message) {
        this(node, permanent, message, null);
    }

    public KubeletScrapeException(String node, boolean permanent, String message, Throwable cause) {
        super(message, cause);
        this.node = node;
        this.permanent = permanent;
    }

    /** The node whose kubelet was scraped. */
    public String node() {
        return node;
    }

    /** True when retrying will not help until someone changes configuration or RBAC. */
    public boolean permanent() {
        return permanent;
    }
}
