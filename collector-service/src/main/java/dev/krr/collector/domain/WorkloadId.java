package dev.krr.collector.domain;

/**
 * Identity of a top-level workload inside one cluster: what recommendations are made for.
 * Jobs created by a CronJob are identified by the CronJob, pods of a ReplicaSet by its Deployment.
 */
public record WorkloadId(String namespace, String kind, String name) {

    @Override
    public String toString() {
        return namespace + "/" + kind + "/" + name;
    }
}
