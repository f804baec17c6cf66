package dev.krr.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {

    @Test
    void workloadKeyRoundTrips() {
        String key = Keys.workload("prod-eu", "shop", "Deployment", "checkout");
        assertThat(key).isEqualTo("prod-eu/shop/Deployment/checkout");
        assertThat(Keys.parseWorkload(key)).isEqualTo(new Keys.WorkloadKey("prod-eu", "shop", "Deployment", "checkout"));
        assertThat(Keys.parseWorkload(key).toString()).isEqualTo(key);
    }

    @Test
    void nodeKeyRoundTrips() {
        assertThat(Keys.parseNode(Keys.node("c1", "ip-10-0-0-1.ec2.internal")))
                .isEqualTo(new Keys.NodeKey("c1", "ip-10-0-0-1.ec2.internal"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b/c", "a/b/c/d/e", "a//c/d", "", "/b/c/d"})
    void malformedWorkloadKeysNameTheKey(String bad) {
        assertThatThrownBy(() -> Keys.parseWorkload(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bad + "'");
    }

    @Test
    void partsWithSlashAreRejected() {
        assertThatThrownBy(() -> Keys.workload("c", "ns", "Deployment", "a/b"))
                .hasMessageContaining("a/b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a/b", "-x", "has space"})
    void invalidClusterIdsAreRejected(String bad) {
        assertThatThrownBy(() -> Keys.requireValidClusterId(bad)).hasMessageContaining("cluster id");
    }

    @Test
    void everyTopicHasADeadLetterTopic() {
        assertThat(Topics.all()).extracting(Topics.TopicSpec::name)
                .contains(Topics.deadLetter(Topics.USAGE), Topics.deadLetter(Topics.WORKLOADS),
                        Topics.deadLetter(Topics.RECOMMENDATIONS));
        assertThat(Topics.all()).filteredOn(Topics.TopicSpec::compacted).extracting(Topics.TopicSpec::name)
                .containsExactlyInAnyOrder(Topics.WORKLOADS, Topics.NODES, Topics.NODE_RATES, Topics.RECOMMENDATIONS,
                        Topics.COLLECTOR_WATERMARKS);
    }
}
