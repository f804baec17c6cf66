package dev.krr.collector.domain;

/** A live pod of a workload and the node it runs on (empty while unscheduled). */
public record PodPlacement(String pod, String node, String phase) {
}
