package dev.krr.collector.adapter.out.kubelet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.krr.collector.domain.KubeletEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fleet of emulated kubelets serving {@code /metrics/resource} in the exact kubelet format, for
 * the kubelet clients' tests, the collector's end-to-end test and benchmarks.
 *
 * <p><b>One server, many nodes, told apart by the address the request came in on.</b> The server
 * (a real JDK {@link HttpServer}, or {@link HttpsServer} with a throwaway CA) binds the wildcard
 * address on one free port; node {@code i} gets the loopback address {@code 127.0.x.y}
 * ({@code x = i / 250}, {@code y = 2 + i % 250}), which Linux routes to the loopback interface
 * without configuration, and the handler looks the node up by {@link HttpExchange#getLocalAddress()}.
 * So {@link Node#endpoint()} is a real {@link KubeletEndpoint} (own address, shared port) that
 * {@link DirectKubeletClient} scrapes exactly as it would a node, and thousands of nodes cost one
 * listening socket and one thread pool instead of one server each. (macOS routes only 127.0.0.1;
 * these tests run on Linux.) The serving certificate names every node address, so clients can
 * verify host names against the CA from {@link #writeCaCertificate(Path)}. The same handler also
 * answers the API server's proxy path {@code /api/v1/nodes/<node>/proxy/metrics/resource}, by name.
 *
 * <p>{@code /metrics/cadvisor} (and its proxy path) answers what a kubelet's embedded cAdvisor
 * writes: per cgroup (the root, each pod's cgroup with {@code container=""}, each container) a few
 * dozen families with the labels {@code id}, {@code image}, {@code name} and per family {@code cpu},
 * {@code device}, {@code interface} or {@code state}, every stats sample with an explicit timestamp;
 * the three CFS counters only for containers given a quota ({@link Node#quota}), as cAdvisor writes
 * them only when the cgroup's CPU quota is set, plus the pod cgroup's sum when any of its containers
 * has one.
 *
 * <p>Per node the test sets the containers (CPU counter and working set as functions of the epoch
 * milliseconds of the {@link Clock} it supplies, so a benchmark can run simulated time), and
 * failure switches: an HTTP status, an HTML page with 200, a body cut off mid-line, a delay before
 * answering, NaN values. A required bearer token applies to the whole fleet. Requests are counted
 * per node, whatever the answer.
 */
public final class KubeletFleetServer implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer waits out the
        // client's delayed ACK (~40 ms on loopback), which a real kubelet (Go sets TCP_NODELAY) never does. Read
        // once per JVM by the JDK's server config, so surefire also passes it on the command line.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * One container on a node. The functions take epoch milliseconds (as a double) of the fleet's clock.
     *
     * @param cpuSecondsTotalAt cumulative core-seconds, e.g. {@code t -> 0.25 * (t - start) / 1000} for a steady quarter core
     * @param workingSetBytesAt working set in bytes
     */
    public record Container(String namespace, String pod, String container, DoubleUnaryOperator cpuSecondsTotalAt,
                            DoubleUnaryOperator workingSetBytesAt) {

        /** A container using a constant {@code cores} since epoch millisecond {@code sinceMillis}, with a constant working set. */
        public static Container steady(String namespace, String pod, String container, long sinceMillis, double cores,
                                       double workingSetBytes) {
            return new Container(namespace, pod, container, t -> cores * Math.max(0, t - sinceMillis) / 1000.0, t -> workingSetBytes);
        }
    }

    /**
     * The CFS counters of a container with a CPU quota, as functions of the fleet clock's epoch milliseconds.
     *
     * @param periodsAt          {@code container_cpu_cfs_periods_total}
     * @param throttledPeriodsAt {@code container_cpu_cfs_throttled_periods_total}
     * @param throttledSecondsAt {@code container_cpu_cfs_throttled_seconds_total}
     */
    public record Cfs(DoubleUnaryOperator periodsAt, DoubleUnaryOperator throttledPeriodsAt, DoubleUnaryOperator throttledSecondsAt) {

        /** Counters growing at constant rates per second since {@code sinceMillis} (0 before): e.g. 10, 1, 0.05. */
        public static Cfs steady(long sinceMillis, double periodsPerSecond, double throttledPeriodsPerSecond,
                                 double throttledSecondsPerSecond) {
            return new Cfs(t -> periodsPerSecond * Math.max(0, t - sinceMillis) / 1000.0,
                    t -> throttledPeriodsPerSecond * Math.max(0, t - sinceMillis) / 1000.0,
                    t -> throttledSecondsPerSecond * Math.max(0, t - sinceMillis) / 1000.0);
        }

        /** The three values at {@code millis}: {periods, throttled periods, throttled seconds}. */
        public double[] at(double millis) {
            return new double[] {periodsAt.applyAsDouble(millis), throttledPeriodsAt.applyAsDouble(millis),
                    throttledSecondsAt.applyAsDouble(millis)};
        }
    }

    /** One emulated kubelet; all setters take effect at the next request. */
    public final class Node {
        private final String name;
        private final InetAddress address;
        private final List<Container> containers = new CopyOnWriteArrayList<>();
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger cadvisorRequests = new AtomicInteger();
        private final Map<String, Cfs> quotas = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile int failCadvisorStatus;
        private volatile int failStatus;
        private volatile boolean html;
        private volatile boolean truncated;
        private volatile boolean nan;
        private volatile Duration delay = Duration.ZERO;
        private volatile Duration stallMidBody = Duration.ZERO;

        private Node(String name, InetAddress address) {
            this.name = name;
            this.address = address;
        }

        public String name() {
            return name;
        }

        /** Where {@link DirectKubeletClient} reaches this node. */
        public KubeletEndpoint endpoint() {
            return new KubeletEndpoint(name, address.getHostAddress(), port());
        }

        public Node add(Container container) {
            containers.add(container);
            return this;
        }

        /** Removes every container of the pod (it was deleted or evicted). */
        public Node removePod(String namespace, String pod) {
            containers.removeIf(c -> c.namespace().equals(namespace) && c.pod().equals(pod));
            quotas.keySet().removeIf(k -> k.startsWith(namespace + "/" + pod + "/"));
            return this;
        }

        /** Gives a container of this node a CPU quota: {@code /metrics/cadvisor} then serves these CFS counters for it. */
        public Node quota(String namespace, String pod, String container, Cfs cfs) {
            quotas.put(namespace + "/" + pod + "/" + container, cfs);
            return this;
        }

        /** Answer {@code /metrics/cadvisor} only with this status (0: normally); {@code /metrics/resource} is not affected. */
        public Node failCadvisorWith(int status) {
            this.failCadvisorStatus = status;
            return this;
        }

        /** Requests of {@code /metrics/cadvisor} received, whatever was answered (not counted in {@link #requests()}). */
        public int cadvisorRequests() {
            return cadvisorRequests.get();
        }

        public List<Container> containers() {
            return List.copyOf(containers);
        }

        /** Answer every request with this status and a kubelet-like plain-text body; 0 answers normally. */
        public Node failWith(int status) {
            this.failStatus = status;
            return this;
        }

        /** Answer 200 with an HTML error page, as a misrouted proxy or ingress would. */
        public Node answerHtml(boolean html) {
            this.html = html;
            return this;
        }

        /** Cut the body in the middle of the last container line (no final newline). */
        public Node truncateBody(boolean truncated) {
            this.truncated = truncated;
            return this;
        }

        /** Write NaN for every container value. */
        public Node nanValues(boolean nan) {
            this.nan = nan;
            return this;
        }

        /** Wait this long before answering. */
        /**
         * Send the headers and the body up to the working-set family (the CPU samples), wait this long, then the rest
         * (a kubelet stuck mid-answer).
         */
        public Node stallMidBody(Duration stall) {
            this.stallMidBody = stall;
            return this;
        }

        public Node delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /** Clears every failure switch. */
        public Node healthy() {
            failStatus = 0;
            html = false;
            truncated = false;
            nan = false;
            delay = Duration.ZERO;
            stallMidBody = Duration.ZERO;
            return this;
        }

        /** Requests of {@code /metrics/resource} received, whatever was answered. */
        public int requests() {
            return requests.get();
        }
    }

    private final Clock clock;
    private final Map<String, Node> byName = new LinkedHashMap<>();
    private final Map<InetAddress, Node> byAddress = new LinkedHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubelet-fleet");
        t.setDaemon(true);
        return t;
    });
    private final String caPem;
    private volatile String requiredToken;

    private KubeletFleetServer(Clock clock, List<String> nodeNames, boolean tls, String requiredToken) {
        this.clock = clock;
        this.requiredToken = requiredToken;
        for (int i = 0; i < nodeNames.size(); i++) {
            InetAddress address = nodeAddress(i);
            Node node = new Node(nodeNames.get(i), address);
            if (byName.put(node.name, node) != null) {
                throw new IllegalArgumentException("node " + node.name + " twice");
            }
            byAddress.put(address, node);
        }
        try {
            if (tls) {
                Tls material = Tls.make(byAddress.keySet());
                HttpsServer https = HttpsServer.create(new InetSocketAddress(0), 256);
                https.setHttpsConfigurator(new HttpsConfigurator(material.context));
                server = https;
                caPem = material.caPem;
            } else {
                server = HttpServer.create(new InetSocketAddress(0), 256);
                caPem = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fleet settings, fixed at start (node addresses go into the serving certificate). */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private final List<String> nodes = new ArrayList<>();
        private boolean tls = true;
        private String token;

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder node(String name) {
            nodes.add(name);
            return this;
        }

        /** Adds nodes {@code node-0 .. node-(count-1)}. */
        public Builder nodes(int count) {
            for (int i = 0; i < count; i++) {
                nodes.add("node-" + i);
            }
            return this;
        }

        /** HTTPS (the default, as kubelets serve) or plain HTTP. */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Requests must carry {@code Authorization: Bearer <token>}, else 401. */
        public Builder bearerToken(String token) {
            this.token = token;
            return this;
        }

        public KubeletFleetServer start() {
            return new KubeletFleetServer(clock, List.copyOf(nodes), tls, token);
        }
    }

    public Node node(String name) {
        Node node = byName.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node " + name + " in the fleet");
        }
        return node;
    }

    public Collection<Node> nodes() {
        return byName.values();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The token requests must carry from now on (a rotation), or null for none. */
    public void requireToken(String token) {
        this.requiredToken = token;
    }

    /** Writes the CA that signed the serving certificate, as PEM, for {@code krr.collector.kubelet.ca-file}. */
    public Path writeCaCertificate(Path file) {
        if (caPem == null) {
            throw new IllegalStateException("the fleet serves plain HTTP");
        }
        try {
            return Files.writeString(file, caPem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The master URL for a fabric8 client whose node proxy requests this fleet should answer (by node name). */
    public String proxyUrl() {
        return (caPem == null ? "http" : "https") + "://127.0.0.1:" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static InetAddress nodeAddress(int index) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (index / 250), (byte) (2 + index % 250)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Node node;
            boolean cadvisor = path.endsWith("/metrics/cadvisor");
            String kubeletPath = cadvisor ? "/metrics/cadvisor" : "/metrics/resource";
            if (path.equals(kubeletPath)) {
                node = byAddress.get(exchange.getLocalAddress().getAddress());
            } else if (path.startsWith("/api/v1/nodes/") && path.endsWith("/proxy" + kubeletPath)) {
                node = byName.get(path.substring("/api/v1/nodes/".length(), path.length() - ("/proxy" + kubeletPath).length()));
            } else {
                node = null;
            }
            if (node == null) {
                send(exchange, 404, "text/plain", "404 page not found\n");
                return;
            }
            (cadvisor ? node.cadvisorRequests : node.requests).incrementAndGet();
            Duration delay = node.delay;
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis()); // the emulated kubelet is slow; this runs on the server's thread, not the test's
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String token = requiredToken;
            if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "text/plain", "Unauthorized\n");
                return;
            }
            int status = node.failStatus != 0 ? node.failStatus : cadvisor ? node.failCadvisorStatus : 0;
            if (status != 0) {
                send(exchange, status, "text/plain", switch (status) {
                    case 401 -> "Unauthorized\n";
                    case 403 -> "Forbidden (user=system:serviceaccount:krr:krr-collector, verb=get, resource=nodes, subresource=metrics)\n";
                    case 404 -> "404 page not found\n";
                    case 429 -> "Too Many Requests\n";
                    default -> "Internal Server Error: \"" + kubeletPath + "\": emulated failure\n";
                });
                return;
            }
            if (node.html) {
                send(exchange, 200, "text/html", "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
                        + "<body><h1>Bad Gateway</h1><p>The upstream did not answer.</p></body></html>\n");
                return;
            }
            String body = cadvisor ? renderCadvisor(node.containers, node.quotas, clock.millis())
                    : render(node.containers, clock.millis(), node.nan);
            if (node.truncated) {
                int lastContainerLine = body.lastIndexOf("\ncontainer_memory_working_set_bytes{");
                int cut = lastContainerLine < 0 ? body.length() / 2 : lastContainerLine + 40;
                body = body.substring(0, cut);
            }
            Duration stall = node.stallMidBody;
            if (!stall.isZero()) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                int memoryFamily = body.indexOf("# HELP container_memory_working_set_bytes");
                int split = memoryFamily > 0 ? body.substring(0, memoryFamily).getBytes(StandardCharsets.UTF_8).length : bytes.length / 2;
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes, 0, split);
                    out.flush();
                    Thread.sleep(stall.toMillis()); // on the server's thread, not the test's
                    out.write(bytes, split, bytes.length - split);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    // the client gave up and closed the connection: what a stuck kubelet would see
                }
                return;
            }
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", body);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * One node's body as a kubelet (1.30) writes it: families sorted by name, each with HELP and TYPE,
     * labels sorted, a millisecond timestamp on every sample but the start times, floats as Go's
     * {@code strconv.FormatFloat(v, 'g', -1, 64)} ({@code 1.5634432e+07}).
     */
    public static String render(List<Container> containers, long nowMillis, boolean nan) {
        StringBuilder out = new StringBuilder(256 + containers.size() * 400);
        String ts = " " + nowMillis + "\n";
        family(out, "container_cpu_usage_seconds_total", "[STABLE] Cumulative cpu time consumed by the container in core-seconds", "counter");
        for (Container c : containers) {
            out.append("container_cpu_usage_seconds_total").append(labels(c)).append(' ')
                    .append(goFloat(nan ? Double.NaN : c.cpuSecondsTotalAt().applyAsDouble(nowMillis))).append(ts);
        }
        family(out, "container_memory_working_set_bytes", "[STABLE] Current working set of the container in bytes", "gauge");
        for (Container c : containers) {
            out.append("container_memory_working_set_bytes").append(labels(c)).append(' ')
                    .append(goFloat(nan ? Double.NaN : c.workingSetBytesAt().applyAsDouble(nowMillis))).append(ts);
        }
        family(out, "container_start_time_seconds", "[STABLE] Start time of the container since unix epoch in seconds", "gauge");
        for (Container c : containers) {
            out.append("container_start_time_seconds").append(labels(c)).append(' ').append(goFloat((nowMillis - 3_600_000) / 1000.0 + 0.302091597))
                    .append('\n');
        }
        family(out, "container_swap_usage_bytes", "[ALPHA] Current amount of the container swap usage in bytes. Reported only on non-windows systems", "gauge");
        for (Container c : containers) {
            out.append("container_swap_usage_bytes").append(labels(c)).append(" 0").append(ts);
        }
        double nodeCpu = 0;
        double nodeMemory = 512L << 20;
        Map<String, double[]> pods = new TreeMap<>();
        for (Container c : containers) {
            double cpu = c.cpuSecondsTotalAt().applyAsDouble(nowMillis);
            double memory = c.workingSetBytesAt().applyAsDouble(nowMillis);
            nodeCpu += cpu;
            nodeMemory += memory;
            double[] pod = pods.computeIfAbsent("namespace=\"" + escape(c.namespace()) + "\",pod=\"" + escape(c.pod()) + "\"", k -> new double[2]);
            pod[0] += cpu;
            pod[1] += memory;
        }
        family(out, "node_cpu_usage_seconds_total", "[STABLE] Cumulative cpu time consumed by the node in core-seconds", "counter");
        out.append("node_cpu_usage_seconds_total ").append(goFloat(nodeCpu + 1234.5)).append(ts);
        family(out, "node_memory_working_set_bytes", "[STABLE] Current working set of the node in bytes", "gauge");
        out.append("node_memory_working_set_bytes ").append(goFloat(nodeMemory)).append(ts);
        family(out, "node_swap_usage_bytes", "[ALPHA] Current swap usage of the node in bytes. Reported only on non-windows systems", "gauge");
        out.append("node_swap_usage_bytes 0").append(ts);
        family(out, "pod_cpu_usage_seconds_total", "[STABLE] Cumulative cpu time consumed by the pod in core-seconds", "counter");
        pods.forEach((labels, v) -> out.append("pod_cpu_usage_seconds_total{").append(labels).append("} ").append(goFloat(v[0])).append(ts));
        family(out, "pod_memory_working_set_bytes", "[STABLE] Current working set of the pod in bytes", "gauge");
        pods.forEach((labels, v) -> out.append("pod_memory_working_set_bytes{").append(labels).append("} ").append(goFloat(v[1])).append(ts));
        family(out, "resource_scrape_error", "[STABLE] 1 if there was an error while getting container metrics, 0 otherwise", "gauge");
        out.append("resource_scrape_error 0\n");
        family(out, "scrape_error", "[ALPHA] 1 if there was an error while getting container metrics, 0 otherwise", "gauge");
        out.append("scrape_error 0\n");
        return out.toString();
    }

    /**
     * One node's {@code /metrics/cadvisor} body as a kubelet's cAdvisor writes it: families sorted by
     * name with HELP and TYPE, series per cgroup (the root {@code /}, each pod's cgroup with
     * {@code container=""}, each container), labels sorted, stats samples stamped with the epoch
     * milliseconds of the stats, spec samples without. CFS counters only for containers in
     * {@code quotas} (keyed {@code namespace/pod/container}) and for the cgroups of their pods.
     */
    public static String renderCadvisor(List<Container> containers, Map<String, Cfs> quotas, long nowMillis) {
        record Cgroup(String labels, boolean podLevel, double[] cfs, double cpu, double memory) {
        }
        List<Cgroup> cgroups = new ArrayList<>();
        double rootCpu = 1234.5;
        double rootMemory = 512L << 20;
        Map<String, List<Container>> pods = new LinkedHashMap<>();
        for (Container c : containers) {
            pods.computeIfAbsent(c.namespace() + "/" + c.pod(), k -> new ArrayList<>()).add(c);
        }
        List<Cgroup> podCgroups = new ArrayList<>();
        for (List<Container> pod : pods.values()) {
            Container first = pod.get(0);
            String uid = java.util.UUID.nameUUIDFromBytes((first.namespace() + "/" + first.pod()).getBytes(StandardCharsets.UTF_8)).toString();
            String podId = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid.replace('-', '_') + ".slice";
            double[] podCfs = null;
            double podCpu = 0;
            double podMemory = 0;
            for (Container c : pod) {
                Cfs quota = quotas.get(c.namespace() + "/" + c.pod() + "/" + c.container());
                double[] cfs = quota == null ? null : quota.at(nowMillis);
                if (cfs != null) {
                    podCfs = podCfs == null ? cfs.clone() : new double[] {podCfs[0] + cfs[0], podCfs[1] + cfs[1], podCfs[2] + cfs[2]};
                }
                double cpu = c.cpuSecondsTotalAt().applyAsDouble(nowMillis);
                double memory = c.workingSetBytesAt().applyAsDouble(nowMillis);
                podCpu += cpu;
                podMemory += memory;
                String cid = containerId(c);
                cgroups.add(new Cgroup("container=\"" + escape(c.container()) + "\",id=\"" + podId + "/cri-containerd-" + cid + ".scope\",image=\""
                        + "registry.example/" + escape(c.container()) + ":1.4.2\",name=\"" + cid + "\",namespace=\"" + escape(c.namespace())
                        + "\",pod=\"" + escape(c.pod()) + "\"", false, cfs, cpu, memory));
            }
            podCgroups.add(new Cgroup("container=\"\",id=\"" + podId + "\",image=\"\",name=\"\",namespace=\"" + escape(first.namespace())
                    + "\",pod=\"" + escape(first.pod()) + "\"", true, podCfs, podCpu, podMemory + 1_200_000));
            rootCpu += podCpu;
            rootMemory += podMemory;
        }
        List<Cgroup> all = new ArrayList<>();
        all.add(new Cgroup("container=\"\",id=\"/\",image=\"\",name=\"\",namespace=\"\",pod=\"\"", true, null, rootCpu, rootMemory));
        all.addAll(podCgroups);
        all.addAll(cgroups);
        StringBuilder out = new StringBuilder(4096 + all.size() * 5000);
        String ts = " " + nowMillis + "\n";
        family(out, "cadvisor_version_info", "A metric with a constant '1' value labeled by kernel version, OS version, docker version, cadvisor version & cadvisor revision.", "gauge");
        out.append("cadvisor_version_info{cadvisorRevision=\"\",cadvisorVersion=\"\",dockerVersion=\"\",kernelVersion=\"6.1.0-18-cloud-amd64\",osVersion=\"Debian GNU/Linux 12 (bookworm)\"} 1\n");
        String[][] cfsFamilies = {
                {"container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals."},
                {"container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals."},
                {"container_cpu_cfs_throttled_seconds_total", "Total time duration the container has been throttled."}};
        for (int f = 0; f < 3; f++) {
            family(out, cfsFamilies[f][0], cfsFamilies[f][1], "counter");
            for (Cgroup g : all) {
                if (g.cfs() != null) {
                    out.append(cfsFamilies[f][0]).append('{').append(g.labels()).append("} ").append(goFloat(g.cfs()[f])).append(ts);
                }
            }
        }
        family(out, "container_cpu_load_average_10s", "Value of container cpu load average over the last 10 seconds.", "gauge");
        all.forEach(g -> out.append("container_cpu_load_average_10s{").append(g.labels()).append("} 0").append(ts));
        family(out, "container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.", "counter");
        all.forEach(g -> out.append("container_cpu_system_seconds_total{").append(g.labels()).append("} ").append(goFloat(g.cpu() * 0.2)).append(ts));
        family(out, "container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", "counter");
        all.forEach(g -> out.append("container_cpu_usage_seconds_total{").append(g.labels().replace(",id=", ",cpu=\"total\",id="))
                .append("} ").append(goFloat(g.cpu())).append(ts));
        family(out, "container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", "counter");
        all.forEach(g -> out.append("container_cpu_user_seconds_total{").append(g.labels()).append("} ").append(goFloat(g.cpu() * 0.8)).append(ts));
        for (String fs : new String[] {"container_fs_reads_bytes_total", "container_fs_reads_total", "container_fs_writes_bytes_total",
                "container_fs_writes_total"}) {
            family(out, fs, "Cumulative count of " + fs.substring("container_fs_".length(), fs.length() - "_total".length()).replace('_', ' '), "counter");
            all.forEach(g -> out.append(fs).append('{').append(g.labels().replace(",id=", ",device=\"/dev/nvme0n1\",id=")).append("} ")
                    .append(goFloat(Math.floor(g.memory() / 7))).append(ts));
        }
        family(out, "container_last_seen", "Last time a container was seen by the exporter", "gauge");
        all.forEach(g -> out.append("container_last_seen{").append(g.labels()).append("} ").append(goFloat(nowMillis / 1000)).append(ts));
        for (String memory : new String[] {"container_memory_cache", "container_memory_rss", "container_memory_usage_bytes",
                "container_memory_working_set_bytes"}) {
            family(out, memory, "Memory " + memory.substring("container_memory_".length()).replace('_', ' ') + ".", "gauge");
            all.forEach(g -> out.append(memory).append('{').append(g.labels()).append("} ").append(goFloat(g.memory())).append(ts));
        }
        for (String net : new String[] {"container_network_receive_bytes_total", "container_network_receive_errors_total",
                "container_network_transmit_bytes_total", "container_network_transmit_errors_total"}) {
            family(out, net, "Cumulative count of " + net.substring("container_network_".length()).replace('_', ' '), "counter");
            all.stream().filter(Cgroup::podLevel).forEach(g -> out.append(net).append('{')
                    .append(g.labels().replace(",name=", ",interface=\"eth0\",name=")).append("} ").append(goFloat(Math.floor(g.cpu() * 1000)))
                    .append(ts));
        }
        family(out, "container_spec_cpu_period", "CPU period of the container.", "gauge");
        all.forEach(g -> out.append("container_spec_cpu_period{").append(g.labels()).append("} 100000\n"));
        family(out, "container_spec_cpu_quota", "CPU quota of the container.", "gauge");
        all.stream().filter(g -> g.cfs() != null).forEach(g -> out.append("container_spec_cpu_quota{").append(g.labels()).append("} 50000\n"));
        family(out, "container_spec_memory_limit_bytes", "Memory limit for the container.", "gauge");
        all.forEach(g -> out.append("container_spec_memory_limit_bytes{").append(g.labels()).append("} 5.36870912e+08\n"));
        family(out, "container_start_time_seconds", "Start time of the container since unix epoch in seconds.", "gauge");
        all.forEach(g -> out.append("container_start_time_seconds{").append(g.labels()).append("} ")
                .append(goFloat(Math.floor((nowMillis - 3_600_000) / 1000.0)))
                .append('\n'));
        family(out, "container_tasks_state", "Number of tasks in given state", "gauge");
        for (String state : new String[] {"iowaiting", "running", "sleeping", "stopped", "uninterruptible"}) {
            all.forEach(g -> out.append("container_tasks_state{").append(g.labels()).append(",state=\"").append(state).append("\"} 0").append(ts));
        }
        family(out, "machine_cpu_cores", "Number of logical CPU cores.", "gauge");
        out.append("machine_cpu_cores{boot_id=\"9b1c3e2a\",machine_id=\"ec2a1b\",system_uuid=\"ec2a1b\"} 16\n");
        family(out, "machine_memory_bytes", "Amount of memory installed on the machine.", "gauge");
        out.append("machine_memory_bytes{boot_id=\"9b1c3e2a\",machine_id=\"ec2a1b\",system_uuid=\"ec2a1b\"} 6.7108864e+10\n");
        return out.toString();
    }

    /** A stable 64-hex-digit container id, as containerd's. */
    private static String containerId(Container c) {
        String seed = c.namespace() + "/" + c.pod() + "/" + c.container();
        String a = java.util.UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        String b = java.util.UUID.nameUUIDFromBytes((seed + "#").getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        return a + b;
    }

    private static void family(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String labels(Container c) {
        return "{container=\"" + escape(c.container()) + "\",namespace=\"" + escape(c.namespace()) + "\",pod=\"" + escape(c.pod()) + "\"}";
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}: shortest digits, exponent form when the decimal exponent is below -4 or at least 6 (15634432 -> 1.5634432e+07, 123456 stays). */
    static String goFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exponent = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return sign + d.toPlainString();
    }

    /** A throwaway CA and a serving certificate naming every node address (plus localhost and 127.0.0.1). */
    private record Tls(SSLContext context, String caPem) {
        static Tls make(Collection<InetAddress> addresses) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair caKeys = generator.generateKeyPair();
                KeyPair leafKeys = generator.generateKeyPair();
                Instant now = Instant.now();
                Date from = Date.from(now.minus(Duration.ofHours(1)));
                Date to = Date.from(now.plus(Duration.ofDays(1)));
                X500Name caName = new X500Name("CN=kubelet fleet CA");
                JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(now.toEpochMilli()), from, to,
                        caName, caKeys.getPublic());
                ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                X509Certificate caCert = new JcaX509CertificateConverter().getCertificate(
                        ca.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
                List<GeneralName> names = new ArrayList<>();
                names.add(new GeneralName(GeneralName.dNSName, "localhost"));
                names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
                for (InetAddress address : addresses) {
                    names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress()));
                }
                JcaX509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(now.toEpochMilli() + 1), from,
                        to, new X500Name("CN=kubelet"), leafKeys.getPublic());
                leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                leaf.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
                X509Certificate leafCert = new JcaX509CertificateConverter().getCertificate(
                        leaf.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("kubelet", leafKeys.getPrivate(), new char[0], new X509Certificate[] {leafCert, caCert});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(kmf.getKeyManagers(), null, null);
                StringWriter pem = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                    writer.writeObject(caCert);
                }
                return new Tls(context, pem.toString());
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the fleet's certificates: " + e.getMessage(), e);
            }
        }
    }
}
