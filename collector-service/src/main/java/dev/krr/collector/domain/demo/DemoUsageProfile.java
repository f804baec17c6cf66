package dev.krr.collector.domain.demo;

import dev.krr.collector.domain.Quantities;
import java.time.Duration;
import java.util.Locale;

/**
 * How the demo usage source shapes one container's usage, read from the pod-template annotation
 * {@code demo.krr.dev/usage.<container>}. The value is a {@code ;}-separated list of terms:
 * <ul>
 *   <li>{@code cpu=<low>..<high>} CPU follows a daily cycle from {@code low} (04:00 UTC) to
 *       {@code high} (16:00 UTC); {@code cpu=50m} is flat. Quantities as in Kubernetes.</li>
 *   <li>{@code mem=<low>..<high>} working set on the same daily cycle.</li>
 *   <li>{@code noise=<fraction>} uniform relative noise, default 0.1 (±10 %).</li>
 *   <li>{@code spikes=<n>@<cpu>} n five-minute CPU spikes per day at {@code cpu}.</li>
 *   <li>{@code oom-every=<hours>h} the working set reaches the memory limit and the container is
 *       OOM-killed once every that many hours.</li>
 * </ul>
 * Example: {@code cpu=200m..900m; mem=300Mi..380Mi; noise=0.15; spikes=3@1800m}.
 */
public record DemoUsageProfile(double cpuLowCores, double cpuHighCores, long memoryLowBytes, long memoryHighBytes,
        double noise, int spikesPerDay, double spikeCores, Duration oomEvery) {

    /** Annotation prefix; the container name follows. */
    public static final String ANNOTATION_PREFIX = "demo.krr.dev/usage.";

    public DemoUsageProfile {
        if (cpuLowCores < 0 || cpuHighCores < cpuLowCores) {
            throw new IllegalArgumentException("demo profile cpu range " + cpuLowCores + ".." + cpuHighCores + " is invalid");
        }
        if (memoryLowBytes < 0 || memoryHighBytes < memoryLowBytes) {
            throw new IllegalArgumentException("demo profile mem range " + memoryLowBytes + ".." + memoryHighBytes + " is invalid");
        }
        if (noise < 0 || noise >= 1) {
            throw new IllegalArgumentException("demo profile noise " + noise + " must be in [0, 1)");
        }
    }

    /**
     * A profile for a container without an annotation, shaped by what it asks for: CPU between
     * 20 % and 60 % of its request (50m..150m without one), memory between 40 % and 60 % of its
     * request (100Mi..150Mi without one).
     */
    public static DemoUsageProfile fromRequests(Long cpuRequestMillicores, Long memoryRequestBytes) {
        double cpu = cpuRequestMillicores == null ? 0.25 : cpuRequestMillicores / 1000.0;
        long mem = memoryRequestBytes == null ? 250L << 20 : memoryRequestBytes;
        return new DemoUsageProfile(cpu * 0.2, cpu * 0.6, (long) (mem * 0.4), (long) (mem * 0.6), 0.1, 0, 0, null);
    }

    /** Parses an annotation value; an unknown term or a bad quantity names itself. */
    public static DemoUsageProfile parse(String text) {
        double cpuLow = 0.05;
        double cpuHigh = 0.15;
        long memLow = 100L << 20;
        long memHigh = 150L << 20;
        double noise = 0.1;
        int spikes = 0;
        double spikeCores = 0;
        Duration oomEvery = null;
        for (String raw : text.split(";")) {
            String term = raw.trim();
            if (term.isEmpty()) {
                continue;
            }
            int eq = term.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("demo profile term '" + term + "' is not key=value");
            }
            String key = term.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = term.substring(eq + 1).trim();
            switch (key) {
                case "cpu" -> {
                    String[] r = range(value);
                    cpuLow = Quantities.parse(r[0]).doubleValue();
                    cpuHigh = Quantities.parse(r[1]).doubleValue();
                }
                case "mem" -> {
                    String[] r = range(value);
                    memLow = Quantities.wholeUnits(r[0]);
                    memHigh = Quantities.wholeUnits(r[1]);
                }
                case "noise" -> noise = Double.parseDouble(value);
                case "spikes" -> {
                    int at = value.indexOf('@');
                    if (at <= 0) {
                        throw new IllegalArgumentException("demo profile spikes '" + value + "' is not <n>@<cpu>");
                    }
                    spikes = Integer.parseInt(value.substring(0, at).trim());
                    spikeCores = Quantities.parse(value.substring(at + 1).trim()).doubleValue();
                }
                case "oom-every" -> {
                    if (!value.endsWith("h")) {
                        throw new IllegalArgumentException("demo profile oom-every '" + value + "' must be in hours, e.g. 72h");
                    }
                    oomEvery = Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1).trim()));
                }
                default -> throw new IllegalArgumentException("demo profile term '" + key + "' is unknown");
            }
        }
        return new DemoUsageProfile(cpuLow, cpuHigh, memLow, memHigh, noise, spikes, spikeCores, oomEvery);
    }

    private static String[] range(String value) {
        int dots = value.indexOf("..");
        return dots < 0 ? new String[] {value, value} : new String[] {value.substring(0, dots).trim(), value.substring(dots + 2).trim()};
    }
}
