package dev.krr.collector.domain;

import java.util.Locale;
import java.util.Map;

/**
 * Works out where a node runs and how it is bought from its {@code spec.providerID} and labels,
 * following the conventions OpenCost uses: provider from the providerID scheme
 * ({@code aws:///us-east-1a/i-0abc} is AWS), region/zone/instance type from the well-known
 * topology labels with the beta labels as fallback, and spot/preemptible from the provider's and
 * Karpenter's labels. Pricing needs all of it: an m5.xlarge spot node in us-east-1 costs about a
 * third of the same node on demand.
 */
public final class NodeClassifier {

    static final String REGION = "topology.kubernetes.io/region";
    static final String REGION_BETA = "failure-domain.beta.kubernetes.io/region";
    static final String ZONE = "topology.kubernetes.io/zone";
    static final String ZONE_BETA = "failure-domain.beta.kubernetes.io/zone";
    static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
    static final String INSTANCE_TYPE_BETA = "beta.kubernetes.io/instance-type";

    /** Provider name ("aws", "gcp", "azure", "oci", "alibaba", "digitalocean", ... or "unknown"). */
    public String provider(String providerId, Map<String, String> labels) {
        String id = providerId == null ? "" : providerId.toLowerCase(Locale.ROOT);
        if (id.startsWith("aws://")) {
            return "aws";
        }
        if (id.startsWith("gce://")) {
            return "gcp";
        }
        if (id.startsWith("azure://")) {
            return "azure";
        }
        if (id.startsWith("oci://") || id.startsWith("ocid")) {
            return "oci";
        }
        if (id.startsWith("alicloud://") || id.startsWith("alibaba://")) {
            return "alibaba";
        }
        if (id.startsWith("digitalocean://")) {
            return "digitalocean";
        }
        if (id.startsWith("scaleway://")) {
            return "scaleway";
        }
        if (id.startsWith("hcloud://")) {
            return "hetzner";
        }
        if (id.startsWith("linode://")) {
            return "linode";
        }
        if (id.startsWith("ibm://")) {
            return "ibm";
        }
        if (labels.containsKey("eks.amazonaws.com/nodegroup") || labels.containsKey("karpenter.k8s.aws/instance-family")) {
            return "aws";
        }
        if (labels.containsKey("cloud.google.com/gke-nodepool")) {
            return "gcp";
        }
        if (labels.containsKey("kubernetes.azure.com/cluster") || labels.containsKey("kubernetes.azure.com/agentpool")) {
            return "azure";
        }
        return "unknown";
    }

    /** Zone from labels, else from an AWS/GCE providerID ({@code aws:///us-east-1a/i-..} is us-east-1a). */
    public String zone(String providerId, Map<String, String> labels) {
        String zone = firstOf(labels, ZONE, ZONE_BETA);
        if (!zone.isEmpty() || providerId == null) {
            return zone;
        }
        String[] parts = providerId.split("/");
        if (providerId.startsWith("aws://") && parts.length >= 5) {
            return parts[3];
        }
        if (providerId.startsWith("gce://") && parts.length >= 5) {
            return parts[3];
        }
        return "";
    }

    /**
     * Region from labels, else derived from the zone: AWS zones add one letter to the region
     * ({@code us-east-1a} is us-east-1), GCP zones add a dash and a letter ({@code us-central1-a}).
     */
    public String region(String providerId, Map<String, String> labels) {
        String region = firstOf(labels, REGION, REGION_BETA);
        if (!region.isEmpty()) {
            return region;
        }
        String zone = zone(providerId, labels);
        String provider = provider(providerId, labels);
        if (zone.isEmpty()) {
            return "";
        }
        if (provider.equals("aws") && Character.isLetter(zone.charAt(zone.length() - 1))) {
            return zone.substring(0, zone.length() - 1);
        }
        if (provider.equals("gcp") && zone.lastIndexOf('-') > 0) {
            return zone.substring(0, zone.lastIndexOf('-'));
        }
        return "";
    }

    public String instanceType(Map<String, String> labels) {
        return firstOf(labels, INSTANCE_TYPE, INSTANCE_TYPE_BETA);
    }

    /**
     * Spot/preemptible from the labels each provisioner sets; on-demand for a known cloud
     * provider without such a label; unspecified for on-prem and unknown providers.
     */
    public CapacityType capacityType(String provider, Map<String, String> labels) {
        String karpenter = labels.getOrDefault("karpenter.sh/capacity-type", "").toLowerCase(Locale.ROOT);
        if (karpenter.equals("spot")) {
            return CapacityType.SPOT;
        }
        if (karpenter.equals("reserved")) {
            return CapacityType.RESERVED;
        }
        if (karpenter.equals("on-demand")) {
            return CapacityType.ON_DEMAND;
        }
        if ("SPOT".equalsIgnoreCase(labels.get("eks.amazonaws.com/capacityType"))
                || "EC2Spot".equalsIgnoreCase(labels.get("lifecycle"))
                || "spot".equalsIgnoreCase(labels.get("node.kubernetes.io/lifecycle"))
                || "true".equalsIgnoreCase(labels.get("cloud.google.com/gke-spot"))
                || "spot".equalsIgnoreCase(labels.get("cloud.google.com/gke-provisioning"))
                || "spot".equalsIgnoreCase(labels.get("kubernetes.azure.com/scalesetpriority"))
                || "spot".equalsIgnoreCase(labels.get("node.kubernetes.io/capacity-type"))) {
            return CapacityType.SPOT;
        }
        if ("true".equalsIgnoreCase(labels.get("cloud.google.com/gke-preemptible"))) {
            return CapacityType.PREEMPTIBLE;
        }
        return provider.equals("unknown") ? CapacityType.UNSPECIFIED : CapacityType.ON_DEMAND;
    }

    /** GPU model from the NVIDIA GPU operator's, GKE's or EKS's label; empty when none. */
    public String gpuModel(Map<String, String> labels) {
        return firstOf(labels, "nvidia.com/gpu.product", "cloud.google.com/gke-accelerator", "k8s.amazonaws.com/accelerator");
    }

    private static String firstOf(Map<String, String> labels, String... keys) {
        for (String k : keys) {
            String v = labels.get(k);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }
}
