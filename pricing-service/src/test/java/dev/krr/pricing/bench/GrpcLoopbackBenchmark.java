package dev.krr.pricing.bench;

import dev.krr.pricing.adapter.in.grpc.GrpcServerLifecycle;
import dev.krr.pricing.adapter.in.grpc.PricingGrpcService;
import dev.krr.pricing.v1.GetNodeRatesRequest;
import dev.krr.pricing.v1.InstanceKey;
import dev.krr.pricing.v1.NodeRatesAnswer;
import dev.krr.pricing.v1.PricingServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Unary RPC throughput and latency over loopback TCP: the real Netty server and a grpc-java
 * Netty client in one JVM, {@code GetNodeRates} for a rotating set of real instance types, with a
 * fixed number of calls in flight (the async stub, no thread per call). Prints calls/s and
 * p50/p99/p99.9 client-observed latency. Arguments: in-flight calls (default 64), warm-up seconds
 * (10), measured seconds (20). Run:
 * {@code mvn -pl pricing-service test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-Xmx512m -cp %classpath dev.krr.pricing.bench.GrpcLoopbackBenchmark 64 10 20"}.
 */
public final class GrpcLoopbackBenchmark {

    private static final List<String[]> NODES = List.of(
            new String[] {"aws", "us-east-1", "m5.large"}, new String[] {"aws", "us-east-1", "m5.xlarge"},
            new String[] {"aws", "us-east-1", "c5.2xlarge"}, new String[] {"aws", "us-east-1", "r5.xlarge"},
            new String[] {"gcp", "us-central1", "e2-standard-4"}, new String[] {"azure", "eastus", "Standard_D2s_v3"},
            new String[] {"oci", "eu-amsterdam-1", "VM.Standard.E4.Flex$_2_8"}, new String[] {"alibaba", "cn-hangzhou", "ecs.c7.2xlarge"});

    private GrpcLoopbackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int inFlight = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int measureSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        GrpcServerLifecycle server = new GrpcServerLifecycle("127.0.0.1", 0, 4 << 20, Duration.ofSeconds(2),
                List.of(new PricingGrpcService(BenchmarkFixture.layers().current(), 10_000, 1000, 10_000)), List.of());
        server.start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().directExecutor().build();
        try {
            PricingServiceGrpc.PricingServiceStub stub = PricingServiceGrpc.newStub(channel);
            GetNodeRatesRequest[] requests = NODES.stream().map(n -> GetNodeRatesRequest.newBuilder()
                    .setInstance(InstanceKey.newBuilder().setProvider(n[0]).setRegion(n[1]).setInstanceType(n[2])).build())
                    .toArray(GetNodeRatesRequest[]::new);
            run(stub, requests, inFlight, Duration.ofSeconds(warmupSeconds), new Recorder(3));
            Recorder recorder = new Recorder(3);
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long calls = run(stub, requests, inFlight, Duration.ofSeconds(measureSeconds), recorder);
            double cpuMicrosPerCall = (os.getProcessCpuTime() - cpuBefore) / 1000.0 / calls;
            Histogram h = recorder.getIntervalHistogram();
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf("in-flight=%d measured=%ds calls=%d throughput=%.0f calls/s latency p50=%.1f us p99=%.1f us p99.9=%.1f us max=%.1f us"
                            + " | cpu=%.1f us/call (client+server) -> %.0f calls/s if this JVM had all %d cores; load average at end %.1f%n",
                    inFlight, measureSeconds, calls, calls / (double) measureSeconds,
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                    h.getMaxValue() / 1000.0, cpuMicrosPerCall, cores * 1_000_000 / cpuMicrosPerCall, cores, os.getSystemLoadAverage());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.stop();
        }
    }

    private static long run(PricingServiceGrpc.PricingServiceStub stub, GetNodeRatesRequest[] requests, int inFlight,
                            Duration duration, Recorder recorder) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long i = 0;
        while (System.nanoTime() < end) {
            permits.acquire();
            long start = System.nanoTime();
            stub.getNodeRates(requests[(int) (i++ % requests.length)], new StreamObserver<>() {
                @Override
                public void onNext(NodeRatesAnswer value) {
                }

                @Override
                public void onError(Throwable t) {
                    failed.incrementAndGet();
                    permits.release();
                }

                @Override
                public void onCompleted() {
                    recorder.recordValue(System.nanoTime() - start);
                    completed.incrementAndGet();
                    permits.release();
                }
            });
        }
        permits.acquire(inFlight);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " calls failed");
        }
        return completed.get();
    }
}
