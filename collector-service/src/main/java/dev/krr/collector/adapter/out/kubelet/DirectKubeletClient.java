package dev.krr.collector.adapter.out.kubelet;

import dev.krr.collector.domain.KubeletEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Scrapes {@code https://<node address>:<kubelet port>/metrics/resource} straight from the node, as
 * metrics-server does: one request per node per scrape, no API server in the path, so 3,000 nodes
 * cost the API server nothing. Authenticates with the pod's service-account token (the kubelet
 * checks it with a TokenReview and authorizes {@code get} on {@code nodes/metrics} with a
 * SubjectAccessReview) and trusts the kubelet's serving certificate through a CA file, or not at all
 * when told to skip verification (kubelets often serve self-signed certificates; metrics-server's
 * {@code --kubelet-insecure-tls} exists for the same reason).
 *
 * <p>The token file is re-read whenever its modification time, size or file key changes: projected
 * service-account tokens are rotated by the kubelet (an atomic symlink swap, roughly hourly), and a
 * token read once at start-up expires. Checking costs one {@code stat} per scrape.
 *
 * <p>The whole scrape, headers and body, runs under one deadline ({@link Settings#timeout()}); the
 * body is parsed as it streams in. Thread-safe: one {@link HttpClient} (with its per-node
 * keep-alive connections) serves all nodes.
 */
public class DirectKubeletClient implements KubeletClient {

    /** Where Kubernetes mounts the pod's service-account token. */
    public static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
    /** Where Kubernetes mounts the cluster CA; it signs kubelet serving certificates when they are bootstrapped through the API server. */
    public static final Path SERVICE_ACCOUNT_CA = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
    static final String ACCEPT = "text/plain;version=0.0.4";
    static final String PATH = "/metrics/resource";
    static final String CADVISOR_PATH = "/metrics/cadvisor";

    /**
     * How to reach kubelets.
     *
     * @param scheme                {@code https} (kubelets serve TLS on 10250) or {@code http} (tests, read-only ports)
     * @param bearerTokenFile       token sent as {@code Authorization: Bearer}; null or a missing file sends none
     * @param caFile                PEM CA certificate(s) that sign kubelet serving certificates; null uses the JVM's trust store
     * @param insecureSkipTlsVerify trust any certificate and skip host name verification
     * @param timeout               deadline for one whole scrape, connect to last byte
     */
    public record Settings(String scheme, Path bearerTokenFile, Path caFile, boolean insecureSkipTlsVerify, Duration timeout) {

        public Settings {
            if (!"https".equals(scheme) && !"http".equals(scheme)) {
                throw new IllegalArgumentException("krr.collector.kubelet.scheme must be https or http, not '" + scheme + "'");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("krr.collector.kubelet.timeout must be positive, not " + timeout);
            }
        }

        /** In a pod: https, the service account's token, its CA when mounted, verification on, 10 s. */
        public static Settings inCluster() {
            return new Settings("https", SERVICE_ACCOUNT_TOKEN, Files.isRegularFile(SERVICE_ACCOUNT_CA) ? SERVICE_ACCOUNT_CA : null,
                    false, Duration.ofSeconds(10));
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final TokenFile token;
    private final HttpClient http;

    /**
     * @throws IllegalArgumentException naming the {@code krr.collector.kubelet.*} property when the CA file is
     *         missing or not PEM, or the token file exists but cannot be read
     */
    public DirectKubeletClient(Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
        this.token = new TokenFile(settings.bearerTokenFile());
        token.current(); // fail at start-up, not at the first scrape
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout());
        if ("https".equals(settings.scheme())) {
            builder.sslContext(sslContext(settings));
        }
        this.http = builder.build();
    }

    @Override
    public ResourceMetricsParser.Result scrape(KubeletEndpoint endpoint, ResourceSampleConsumer consumer) {
        return scrape(endpoint, PATH, new ResourceMetricsParser(endpoint.node(), clock.millis(), consumer));
    }

    /** {@code scheme://address:port/metrics/cadvisor}; the kubelet authorizes it as {@code nodes/metrics} too. */
    @Override
    public ResourceMetricsParser.Result scrapeCadvisor(KubeletEndpoint endpoint, CadvisorCounterConsumer counters) {
        return scrape(endpoint, CADVISOR_PATH, ResourceMetricsParser.cadvisor(endpoint.node(), clock.millis(), counters));
    }

    private ResourceMetricsParser.Result scrape(KubeletEndpoint endpoint, String path, ResourceMetricsParser parser) {
        String node = endpoint.node();
        if (endpoint.address() == null || endpoint.address().isBlank()) {
            throw new KubeletScrapeException(node, true, "kubelet on node " + node
                    + " has no address in the node's status.addresses: it cannot be scraped directly; use the API server proxy");
        }
        URI uri = uri(settings.scheme(), endpoint, path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("Accept", ACCEPT).GET();
        String bearer;
        try {
            bearer = token.current();
        } catch (IllegalArgumentException e) {
            throw new KubeletScrapeException(node, true, "kubelet on node " + node + " not scraped: " + e.getMessage(), e);
        }
        // never in cleartext: a service-account token read off the wire works against the API server too
        if (bearer != null && "https".equals(settings.scheme())) {
            request.header("Authorization", "Bearer " + bearer);
        }
        BodyFeed feed = new BodyFeed(parser);
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request.build(), info -> {
            feed.status(info.statusCode());
            return new FeedSubscriber(feed);
        });
        HttpResponse<Void> answered;
        try {
            answered = response.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException | ExecutionException e) {
            throw KubeletFailures.abandoned(e, feed, response, node, uri.toString(), settings.timeout());
        }
        int status = answered.statusCode();
        if (status >= 200 && status < 300) {
            return feed.finish();
        }
        throw KubeletFailures.status(node, "kubelet", path, status, feed.errorBodyStart(), "nodes/metrics", bearer == null
                ? "no bearer token was sent (" + (settings.bearerTokenFile() == null ? "none configured"
                        : settings.bearerTokenFile() + " does not exist or is empty") + "): mount the service-account token"
                        + " or set krr.collector.kubelet.bearer-token-file"
                : "the token in " + settings.bearerTokenFile() + " was not accepted: it must be a token of this cluster"
                        + " and the kubelet must run with webhook authentication");
    }

    /** {@code scheme://address:port/metrics/resource}, an IPv6 address in brackets. */
    static URI uri(String scheme, KubeletEndpoint endpoint) {
        return uri(scheme, endpoint, PATH);
    }

    static URI uri(String scheme, KubeletEndpoint endpoint, String path) {
        String address = endpoint.address();
        String host = address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
        return URI.create(scheme + "://" + host + ":" + endpoint.port() + path);
    }

    private static SSLContext sslContext(Settings settings) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (settings.insecureSkipTlsVerify()) {
                context.init(null, new TrustManager[] {new TrustEverything()}, null);
            } else if (settings.caFile() != null) {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trustStore(settings.caFile()));
                context.init(null, factory.getTrustManagers(), null);
            } else {
                context.init(null, null, null);
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for kubelet scrapes: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Path caFile) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("krr.collector.kubelet.ca-file: " + caFile + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("krr.collector.kubelet.ca-file: cannot read " + caFile + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new IllegalArgumentException("krr.collector.kubelet.ca-file: " + caFile + " is not a PEM certificate: "
                    + KubeletFailures.describe(e));
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("krr.collector.kubelet.ca-file: " + caFile + " holds no certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("kubelet-ca-" + i++, certificate);
        }
        return store;
    }

    /** The body subscriber: hands chunks to the feed as they arrive, completes at the end of the body. */
    private static final class FeedSubscriber implements HttpResponse.BodySubscriber<Void> {
        private final BodyFeed feed;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private Flow.Subscription subscription;

        FeedSubscriber(BodyFeed feed) {
            this.feed = feed;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            if (feed.chunk(item)) {
                subscription.request(1);
            } else {
                // abandoned or the consumer failed: stop reading; finish() reports the failure
                subscription.cancel();
                done.complete(null);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    /** The bearer token file, re-read when it changes. */
    private static final class TokenFile {
        private record Snapshot(FileTime modified, long size, Object key, String token) {
        }

        private final Path path;
        private volatile Snapshot snapshot;

        TokenFile(Path path) {
            this.path = path;
        }

        /** The token, or null when there is no file (or it is empty). */
        String current() {
            if (path == null) {
                return null;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (!attributes.isRegularFile()) {
                throw new IllegalArgumentException("krr.collector.kubelet.bearer-token-file: " + path + " is not a file");
            }
            Snapshot known = snapshot;
            if (known != null && known.modified().equals(attributes.lastModifiedTime()) && known.size() == attributes.size()
                    && Objects.equals(known.key(), attributes.fileKey())) {
                return known.token();
            }
            try {
                String text = Files.readString(path, StandardCharsets.UTF_8).strip();
                Snapshot fresh = new Snapshot(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(),
                        text.isEmpty() ? null : text);
                snapshot = fresh;
                return fresh.token();
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw unreadable(e);
            }
        }

        private IllegalArgumentException unreadable(IOException e) {
            return new IllegalArgumentException("krr.collector.kubelet.bearer-token-file: cannot read " + path + ": "
                    + KubeletFailures.describe(e));
        }
    }

    /** For {@code insecure-skip-tls-verify}: an extended trust manager, so the JDK adds no host name check of its own. */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
