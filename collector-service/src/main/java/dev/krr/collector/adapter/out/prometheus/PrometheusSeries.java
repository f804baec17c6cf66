package dev.krr.collector.adapter.out.prometheus;

import java.util.Map;

/** One series of a Prometheus range or instant result: its labels and its points (ms, value). */
public record PrometheusSeries(Map<String, String> labels, long[] timestampsMillis, double[] values) {
}
