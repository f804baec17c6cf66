package dev.krr.pricing.adapter.in.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records every gRPC call in Micrometer as timer {@code grpc.server.calls} tagged with service,
 * method and status code, so {@code /actuator/prometheus} shows rate, errors and latency per RPC
 * ({@code grpc_server_calls_seconds_count{method="BatchGetNodeRates",status="OK"}}).
 */
public final class GrpcMetricsInterceptor implements ServerInterceptor {

    static final String METRIC = "grpc.server.calls";

    private final MeterRegistry registry;

    public GrpcMetricsInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Timer.Sample sample = Timer.start(registry);
        String service = call.getMethodDescriptor().getServiceName();
        String method = call.getMethodDescriptor().getBareMethodName();
        ServerCall<Q, A> timed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                sample.stop(Timer.builder(METRIC)
                        .description("gRPC calls served, by method and status")
                        .tag("service", service == null ? "" : service)
                        .tag("method", method == null ? "" : method)
                        .tag("status", status.getCode().name())
                        .register(registry));
                super.close(status, trailers);
            }
        };
        return next.startCall(timed, headers);
    }
}
