package dev.krr.pricing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceFamiliesTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "aws, m5.2xlarge, m5",
            "aws, c7i-flex.large, c7i-flex",
            "aws, u-6tb1.112xlarge, u-6tb1",
            "alibaba, ecs.c7.2xlarge, ecs.c7",
            "gcp, e2-standard-4, e2",
            "gcp, n2-custom-4-8192, n2-custom",
            "gcp, custom-4-8192, n1-custom",
            "azure, Standard_D2s_v3, Ds_v3",
            "azure, Standard_D2as_v5, Das_v5",
            "azure, Standard_E64-16ds_v4, Eds_v4",
            "azure, Standard_B1s, Bs",
            "azure, Standard_NC24ads_A100_v4, NCads_v4",
            "oci, VM.Standard.E4.Flex$_2_8, VM.Standard.E4.Flex",
            "oci, VM.GPU3.1, VM.GPU3.1",
            "digitalocean, s-4vcpu-8gb, s",
            "onprem, big-box, big",
    })
    void namesTheFamily(String provider, String type, String family) {
        assertThat(InstanceFamilies.familyOf(provider, type)).isEqualTo(family);
    }
}
