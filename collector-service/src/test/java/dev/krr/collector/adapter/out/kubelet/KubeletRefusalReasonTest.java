package dev.krr.collector.adapter.out.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A cluster-wide refusal (one RBAC rule, one CA) is one reason, whatever node, URL and address it names. */
class KubeletRefusalReasonTest {

    @Test
    void theSameCauseOnTwoNodesIsOneReasonAndADifferentCauseIsAnother() {
        String a = KubeletUsageFollower.reasonKey("kubelet on node ip-10-0-1-7 at https://10.0.1.7:10250/metrics/resource presented a "
                + "certificate that is not trusted (PKIX path building failed): set krr.collector.kubelet.ca-file", "ip-10-0-1-7");
        String b = KubeletUsageFollower.reasonKey("kubelet on node ip-10-0-2-9 at https://10.0.2.9:10250/metrics/resource presented a "
                + "certificate that is not trusted (PKIX path building failed): set krr.collector.kubelet.ca-file", "ip-10-0-2-9");
        String v6 = KubeletUsageFollower.reasonKey("kubelet on node n6 at https://[fd00::6]:10250/metrics/resource presented a "
                + "certificate that is not trusted (PKIX path building failed): set krr.collector.kubelet.ca-file", "n6");
        String forbidden = KubeletUsageFollower.reasonKey("kubelet on node ip-10-0-2-9 refused /metrics/resource (403): the collector's "
                + "service account needs get on nodes/metrics", "ip-10-0-2-9");

        assertThat(a).isEqualTo(b).isEqualTo(v6).doesNotContain("10.0.1.7").contains("<node>", "<url>");
        assertThat(forbidden).isNotEqualTo(a).contains("nodes/metrics");
    }
}
