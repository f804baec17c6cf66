package dev.krr.collector.adapter.out.kubelet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every sample a scrape passes on, in order, for assertions. */
final class RecordingConsumer implements ResourceSampleConsumer {

    record Sample(String family, String namespace, String pod, String container, long timestampMillis, double value) {
    }

    final List<Sample> samples = new CopyOnWriteArrayList<>();

    @Override
    public void cpu(String namespace, String pod, String container, long timestampMillis, double cpuSecondsTotal) {
        samples.add(new Sample("cpu", namespace, pod, container, timestampMillis, cpuSecondsTotal));
    }

    @Override
    public void memory(String namespace, String pod, String container, long timestampMillis, double workingSetBytes) {
        samples.add(new Sample("memory", namespace, pod, container, timestampMillis, workingSetBytes));
    }

    Sample find(String family, String pod, String container) {
        return samples.stream().filter(s -> s.family().equals(family) && s.pod().equals(pod) && s.container().equals(container))
                .findFirst().orElseThrow(() -> new AssertionError("no " + family + " sample for " + pod + "/" + container + " in " + samples));
    }
}
