package dev.krr.cli.stack;

import dev.krr.collector.CollectorApplication;
import dev.krr.contracts.TopicCreation;
import dev.krr.collector.demo.DemoCluster;
import dev.krr.notifier.NotifierApplication;
import dev.krr.pricing.PricingApplication;
import dev.krr.strategy.StrategyApplication;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole krr pipeline in one process: Kafka (in-process KRaft unless given bootstrap
 * servers), pricing, strategy, notifier and a collector — each service its own Spring context
 * with its own HTTP port, exactly as it runs when deployed alone. In demo mode the collector
 * watches fabric8's mock API server (CRUD mode) seeded with {@link DemoCluster} and synthesises
 * two weeks of usage, so recommendations appear within about a minute.
 *
 * <p>Services start in dependency order (pricing before the strategy that calls it, consumers
 * before the collector that feeds them) and stop in reverse, so Ctrl-C loses nothing in flight.
 */
public final class LocalStack implements AutoCloseable {

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final StackOptions options;
    private String bootstrapServers;
    private int pricingGrpcPort;
    private String kubernetesUrl;

    private LocalStack(StackOptions options) {
        this.options = options;
    }

    /** Starts everything; on failure stops what had started and rethrows. */
    public static LocalStack start(StackOptions options, Consumer<String> progress) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll(progress);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> progress) {
        if (options.bootstrapServers() == null) {
            progress.accept("starting Kafka (KRaft, in-process) in " + options.workDir().resolve("kafka"));
            LocalKafkaBroker broker = LocalKafkaBroker.start(options.workDir().resolve("kafka"), options.partitions(),
                    Duration.ofSeconds(60));
            running.push(broker);
            bootstrapServers = broker.bootstrapServers();
        } else {
            bootstrapServers = options.bootstrapServers();
        }
        List<String> created = TopicCreation.createMissing(Map.of("bootstrap.servers", bootstrapServers), t -> true,
                t -> options.partitions(), Optional.empty());
        progress.accept("Kafka at " + bootstrapServers + (created.isEmpty() ? "" : ", created " + created.size() + " topics"));

        pricingGrpcPort = LocalFiles.freePort();
        startService("pricing", PricingApplication.builder(), Map.of("krr.pricing.grpc.port", String.valueOf(pricingGrpcPort)));
        progress.accept("pricing gRPC on 127.0.0.1:" + pricingGrpcPort);

        startService("strategy", StrategyApplication.builder(), Map.of(
                "krr.strategy.pricing.address", "127.0.0.1:" + pricingGrpcPort,
                "krr.strategy.state-dir", options.workDir().resolve("strategy-state").toString()));
        startService("notifier", NotifierApplication.builder(), Map.of());
        progress.accept("reports on http://127.0.0.1:" + httpPorts.get("notifier") + "/api/v1/recommendations");

        Map<String, String> collector = new HashMap<>();
        collector.put("krr.collector.cluster-id", options.clusterId());
        if (options.isDemo()) {
            kubernetesUrl = startDemoCluster();
            collector.put("krr.collector.kubernetes.master-url", kubernetesUrl);
            collector.put("krr.collector.usage.source", "demo");
            progress.accept("demo cluster (fabric8 mock API server, CRUD) at " + kubernetesUrl);
        } else {
            if (options.kubeContext() != null) {
                collector.put("krr.collector.kubernetes.context", options.kubeContext());
            }
            if (options.kubeMasterUrl() != null) {
                collector.put("krr.collector.kubernetes.master-url", options.kubeMasterUrl());
            }
            collector.put("krr.collector.usage.source", "prometheus");
            collector.put("krr.collector.prometheus.url", options.prometheusUrl());
        }
        startService("collector", CollectorApplication.builder(), collector);
        progress.accept("collector for cluster '" + options.clusterId() + "' running");
    }

    private String startDemoCluster() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        running.push(server::destroy);
        NamespacedKubernetesClient client = server.createClient();
        running.push(client::close);
        new DemoCluster().seed(client);
        return client.getMasterUrl().toString();
    }

    private void startService(String name, SpringApplicationBuilder builder, Map<String, String> properties) {
        int port = LocalFiles.freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("spring.kafka.bootstrap-servers", bootstrapServers);
        all.put("server.port", String.valueOf(port));
        all.put("server.address", "127.0.0.1");
        all.put("spring.main.banner-mode", "off");
        all.put("spring.main.register-shutdown-hook", "false");
        all.putAll(properties);
        all.putAll(options.extraProperties());
        List<String> args = new ArrayList<>();
        all.forEach((k, v) -> args.add("--" + k + "=" + v));
        ConfigurableApplicationContext context = builder.logStartupInfo(false).run(args.toArray(String[]::new));
        running.push(context::close);
        httpPorts.put(name, port);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int pricingGrpcPort() {
        return pricingGrpcPort;
    }

    /** HTTP port of a service ("pricing", "strategy", "notifier", "collector"). */
    public int httpPort(String service) {
        Integer port = httpPorts.get(service);
        if (port == null) {
            throw new IllegalArgumentException("no service '" + service + "', running: " + httpPorts.keySet());
        }
        return port;
    }

    /** URL of the demo cluster's API server, or null with a real cluster. */
    public String kubernetesUrl() {
        return kubernetesUrl;
    }

    /** Stops services in reverse start order; every step runs even if an earlier one fails. */
    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                System.err.println("krr: error while stopping: " + e);
            }
        }
    }

}
