package dev.krr.collector.benchmark;

import dev.krr.collector.adapter.out.kubelet.KubeletFleetServer;
import dev.krr.collector.adapter.out.kubelet.ResourceMetricsParser;
import dev.krr.collector.adapter.out.kubelet.ResourceSampleConsumer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CPU cost of parsing kubelet {@code /metrics/resource} bodies, the collector's per-node work every
 * scrape. A node body of {@code containers} containers (default 220: 110 pods of two containers,
 * the kubelet's default pod limit) in the exact kubelet format, parsed {@code rounds} times in
 * 16 KB chunks as it would arrive; reports thread CPU per body and per container sample, and what
 * 3,000 nodes every 30 s would cost in cores.
 *
 * <p>With a third argument {@code cadvisor} it parses the node's {@code /metrics/cadvisor} body
 * instead (the emulator's: root and pod cgroups plus every container, ~25 families each, CFS
 * counters for the containers with a quota, here every {@code app} container), which the follower
 * reads once per node per batch window.
 *
 * <p>Run: {@code mvn -B -o -pl collector-service test-compile} then
 * {@code java -cp collector-service/target/test-classes:collector-service/target/classes:$(cat cp.txt)
 * dev.krr.collector.benchmark.ResourceMetricsParseBenchmark 220 20000}
 * (cp.txt from {@code mvn -o -pl collector-service dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class ResourceMetricsParseBenchmark {

    public static void main(String[] args) {
        int containers = args.length > 0 ? Integer.parseInt(args[0]) : 220;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        boolean cadvisor = args.length > 2 && args[2].equals("cadvisor");
        long now = 1_795_687_200_000L;
        List<KubeletFleetServer.Container> list = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            list.add(KubeletFleetServer.Container.steady("team-" + i % 23, "service-" + i / 2 + "-7d9f8b6c5d-x2k4q",
                    i % 2 == 0 ? "app" : "istio-proxy", now - 86_400_000L, 0.05 + (i % 9) * 0.1, 3e7 + i * 1e6));
        }
        java.util.Map<String, KubeletFleetServer.Cfs> quotas = new java.util.HashMap<>();
        list.stream().filter(c -> c.container().equals("app")).forEach(c -> quotas.put(c.namespace() + "/" + c.pod() + "/" + c.container(),
                KubeletFleetServer.Cfs.steady(now - 86_400_000L, 10, 1, 0.05)));
        byte[] body = (cadvisor ? KubeletFleetServer.renderCadvisor(list, quotas, now) : KubeletFleetServer.render(list, now, false))
                .getBytes(StandardCharsets.UTF_8);
        ResourceSampleConsumer sink = new ResourceSampleConsumer() {
            double sum;

            @Override
            public void cpu(String namespace, String pod, String container, long timestampMillis, double cpuSecondsTotal) {
                sum += cpuSecondsTotal + pod.length();
            }

            @Override
            public void memory(String namespace, String pod, String container, long timestampMillis, double workingSetBytes) {
                sum += workingSetBytes + container.length();
            }

            @Override
            public String toString() {
                return Double.toString(sum);
            }
        };
        dev.krr.collector.adapter.out.kubelet.CadvisorCounterConsumer counters = (namespace, pod, container, family, t, value) ->
                sink.cpu(namespace, pod, container, t, value);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int samples = 0;
        double[] perBodyMicros = new double[5];
        for (int trial = -2; trial < perBodyMicros.length; trial++) { // two warm-up trials
            long cpu0 = threads.getCurrentThreadCpuTime();
            for (int r = 0; r < rounds; r++) {
                ResourceMetricsParser parser = cadvisor ? ResourceMetricsParser.cadvisor("node", now, counters)
                        : new ResourceMetricsParser("node", now, sink);
                for (int off = 0; off < body.length; off += 16_384) {
                    parser.feed(body, off, Math.min(16_384, body.length - off));
                }
                samples = parser.finish().samplesAccepted();
            }
            if (trial >= 0) {
                perBodyMicros[trial] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / rounds;
            }
        }
        com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
        long bytes0 = allocation.getCurrentThreadAllocatedBytes();
        ResourceMetricsParser once = cadvisor ? ResourceMetricsParser.cadvisor("node", now, counters) : new ResourceMetricsParser("node", now, sink);
        for (int off = 0; off < body.length; off += 16_384) {
            once.feed(body, off, Math.min(16_384, body.length - off));
        }
        once.finish();
        long allocated = allocation.getCurrentThreadAllocatedBytes() - bytes0;
        Arrays.sort(perBodyMicros);
        double median = perBodyMicros[perBodyMicros.length / 2];
        System.out.printf("body %d bytes, %d containers, %d samples accepted (%s)%n", body.length, containers, samples, sink);
        System.out.printf("median of 5 trials: %.1f us CPU per body, %.0f ns per accepted sample, %.0f MB/s%n", median,
                median * 1000 / samples, body.length / median);
        if (cadvisor) {
            System.out.printf("3,000 such nodes once an hour: %.2f CPU-seconds per hour of parsing%n", median * 3000 / 1e6);
        } else {
            System.out.printf("3,000 such nodes every 30 s: %.4f cores of parsing%n", median * 3000 / 30 / 1e6);
        }
        System.out.printf("trials (us/body): %s%n", Arrays.toString(perBodyMicros));
        System.out.printf("allocated per body: %d bytes (%d per accepted sample)%n", allocated, allocated / Math.max(1, samples));
    }
}
