package dev.krr.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeClassifierTest {

    private final NodeClassifier classifier = new NodeClassifier();

    @ParameterizedTest
    @CsvSource({
            "aws:///us-east-1a/i-0abc, aws",
            "gce://my-project/us-central1-a/gke-node-1, gcp",
            "azure:///subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachineScaleSets/z/virtualMachines/0, azure",
            "ocid1.instance.oc1.iad.abc, oci",
            "oci://ocid1.instance.oc1.iad.abc, oci",
            "alicloud://cn-hangzhou.i-bp1, alibaba",
            "digitalocean://123456, digitalocean",
            "kind://docker/kind/kind-control-plane, unknown"})
    void providerFromProviderId(String providerId, String provider) {
        assertThat(classifier.provider(providerId, Map.of())).isEqualTo(provider);
    }

    @Test
    void regionAndZoneFromLabelsWithBetaFallbackAndFromTheProviderId() {
        assertThat(classifier.region("", Map.of("topology.kubernetes.io/region", "eu-west-1"))).isEqualTo("eu-west-1");
        assertThat(classifier.region("", Map.of("failure-domain.beta.kubernetes.io/region", "eu-west-2"))).isEqualTo("eu-west-2");
        // no labels: us-east-1a from the providerID, region = zone minus its letter
        assertThat(classifier.zone("aws:///us-east-1a/i-0abc", Map.of())).isEqualTo("us-east-1a");
        assertThat(classifier.region("aws:///us-east-1a/i-0abc", Map.of())).isEqualTo("us-east-1");
        // GCP zone us-central1-a is region us-central1
        assertThat(classifier.region("gce://p/us-central1-a/n", Map.of())).isEqualTo("us-central1");
        assertThat(classifier.instanceType(Map.of("beta.kubernetes.io/instance-type", "m5.large"))).isEqualTo("m5.large");
        assertThat(classifier.instanceType(Map.of("node.kubernetes.io/instance-type", "c5.xlarge",
                "beta.kubernetes.io/instance-type", "m5.large"))).isEqualTo("c5.xlarge");
    }

    @ParameterizedTest
    @CsvSource({
            "aws, karpenter.sh/capacity-type, spot, SPOT",
            "aws, karpenter.sh/capacity-type, on-demand, ON_DEMAND",
            "aws, eks.amazonaws.com/capacityType, SPOT, SPOT",
            "aws, lifecycle, EC2Spot, SPOT",
            "gcp, cloud.google.com/gke-spot, true, SPOT",
            "gcp, cloud.google.com/gke-preemptible, true, PREEMPTIBLE",
            "azure, kubernetes.azure.com/scalesetpriority, spot, SPOT",
            "aws, some/other, x, ON_DEMAND",
            "unknown, some/other, x, UNSPECIFIED"})
    void capacityType(String provider, String label, String value, CapacityType expected) {
        assertThat(classifier.capacityType(provider, Map.of(label, value))).isEqualTo(expected);
    }

    @Test
    void gpuModel() {
        assertThat(classifier.gpuModel(Map.of("nvidia.com/gpu.product", "NVIDIA-A10G"))).isEqualTo("NVIDIA-A10G");
        assertThat(classifier.gpuModel(Map.of("cloud.google.com/gke-accelerator", "nvidia-tesla-t4"))).isEqualTo("nvidia-tesla-t4");
        assertThat(classifier.gpuModel(Map.of())).isEmpty();
    }
}
