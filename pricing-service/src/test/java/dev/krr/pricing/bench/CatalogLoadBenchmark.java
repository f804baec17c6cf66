package dev.krr.pricing.bench;

import dev.krr.pricing.app.PriceLayers;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Catalog load time and heap: reads the bundled CSVs and builds the price book (catalog index,
 * family/provider median rates) {@code rounds} times in one JVM; the first round is the cold
 * start a service pays, the median of the rest the warm reload a custom-file change pays. Heap is
 * the used-heap difference after full GCs with one book held versus none. Run:
 * {@code mvn -pl pricing-service test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-Xmx512m -XX:+UseSerialGC -cp %classpath dev.krr.pricing.bench.CatalogLoadBenchmark 10"}.
 */
public final class CatalogLoadBenchmark {

    private CatalogLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        long[] millis = new long[rounds];
        long[] cpuMillis = new long[rounds];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<PriceLayers> held = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            PriceLayers layers = BenchmarkFixture.layers();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            cpuMillis[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
            if (i == 0) {
                held.add(layers);
            }
        }
        long withOne = usedAfterGc(memory);
        long[] warm = Arrays.copyOfRange(millis, 1, rounds);
        Arrays.sort(warm);
        long[] warmCpu = Arrays.copyOfRange(cpuMillis, 1, rounds);
        Arrays.sort(warmCpu);
        System.out.printf("types=%d cold-load=%d ms (cpu %d ms) warm-load median=%d ms (cpu %d ms) min=%d ms max=%d ms (%d rounds)"
                        + " heap-held=%.1f MiB load-average=%.1f%n",
                held.get(0).current().get().catalog().size(), millis[0], cpuMillis[0], warm[warm.length / 2], warmCpu[warmCpu.length / 2],
                warm[0], warm[warm.length - 1], rounds, (withOne - before) / (1024.0 * 1024.0),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
