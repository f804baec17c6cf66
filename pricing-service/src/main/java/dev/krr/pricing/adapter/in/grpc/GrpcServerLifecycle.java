package dev.krr.pricing.adapter.in.grpc;

import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the plain grpc-java Netty server with the pricing API, the standard health service
 * ({@code grpc.health.v1.Health}: SERVING while started, NOT_SERVING once stopping) and server
 * reflection v1. Started after the price book is loaded and stopped gracefully (in-flight calls
 * get {@code shutdown-grace} to finish) when the Spring context closes. With port 0 the OS picks
 * the port; {@link #port()} returns the bound one. Calls run directly on the Netty event loops
 * (no hand-off to a thread pool): every handler is a non-blocking in-memory lookup of microseconds,
 * and the hand-off would cost more than the work. The transport is plaintext unless TLS server
 * credentials are given ({@link GrpcTlsCredentials}); health and reflection share the one port and
 * its credentials.
 */
public final class GrpcServerLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GrpcServerLifecycle.class);

    private final String address;
    private final int requestedPort;
    private final int maxInboundMessageBytes;
    private final Duration shutdownGrace;
    private final List<BindableService> services;
    private final List<ServerInterceptor> interceptors;
    private final ServerCredentials credentials;
    private final String transport;
    private volatile HealthStatusManager health = new HealthStatusManager();
    private volatile Server server;

    public GrpcServerLifecycle(String address, int port, int maxInboundMessageBytes, Duration shutdownGrace,
                               List<BindableService> services, List<ServerInterceptor> interceptors) {
        this(address, port, maxInboundMessageBytes, shutdownGrace, services, interceptors, InsecureServerCredentials.create(),
                "plaintext");
    }

    /** As above, with the given transport credentials; {@code transport} describes them in the start-up log line. */
    public GrpcServerLifecycle(String address, int port, int maxInboundMessageBytes, Duration shutdownGrace,
                               List<BindableService> services, List<ServerInterceptor> interceptors,
                               ServerCredentials credentials, String transport) {
        this.credentials = credentials;
        this.transport = transport;
        this.address = address;
        this.requestedPort = port;
        this.maxInboundMessageBytes = maxInboundMessageBytes;
        this.shutdownGrace = shutdownGrace;
        this.services = List.copyOf(services);
        this.interceptors = List.copyOf(interceptors);
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        health = new HealthStatusManager();
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(address, requestedPort), credentials)
                .maxInboundMessageSize(maxInboundMessageBytes)
                .directExecutor()
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
        for (BindableService service : services) {
            builder.addService(ServerInterceptors.intercept(service, interceptors));
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gRPC server on " + address + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        health.setStatus("", ServingStatus.SERVING);
        for (BindableService service : services) {
            health.setStatus(service.bindService().getServiceDescriptor().getName(),
                    ServingStatus.SERVING);
        }
        log.info("pricing gRPC server listening on {}:{} ({})", address, port(), transport);
    }

    @Override
    public synchronized void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        health.enterTerminalState();
        running.shutdown();
        try {
            if (!running.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                running.shutdownNow();
                running.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        log.info("pricing gRPC server stopped");
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port (the OS's choice when configured as 0); -1 while stopped. */
    public int port() {
        Server running = server;
        return running == null ? -1 : running.getPort();
    }

    public HealthStatusManager health() {
        return health;
    }
}
