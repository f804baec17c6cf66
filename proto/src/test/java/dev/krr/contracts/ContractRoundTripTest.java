package dev.krr.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.krr.events.v1.ContainerRecommendation;
import dev.krr.events.v1.ContainerRole;
import dev.krr.events.v1.ContainerSpec;
import dev.krr.events.v1.ContainerUsage;
import dev.krr.events.v1.CpuUsage;
import dev.krr.events.v1.HpaSummary;
import dev.krr.events.v1.MemoryUsage;
import dev.krr.events.v1.NodeSnapshot;
import dev.krr.events.v1.OomEvents;
import dev.krr.events.v1.PodPlacement;
import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.events.v1.ResourceRecommendation;
import dev.krr.events.v1.Severity;
import dev.krr.events.v1.UsageBatch;
import dev.krr.events.v1.WorkloadSnapshot;
import dev.krr.types.v1.CapacityType;
import dev.krr.types.v1.ResourceQuantities;
import java.math.BigDecimal;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ContractRoundTripTest {

    static WorkloadSnapshot workload() {
        return WorkloadSnapshot.newBuilder()
                .setCluster("c1").setNamespace("shop").setKind("Deployment").setName("checkout").setUid("u-1")
                .putLabels("app", "checkout").setReplicas(3)
                .addContainers(ContainerSpec.newBuilder().setName("app").setRole(ContainerRole.CONTAINER_ROLE_MAIN)
                        .setRequests(ResourceQuantities.newBuilder().setCpuMillicores(500).setMemoryBytes(512L << 20))
                        .setLimits(ResourceQuantities.newBuilder().setMemoryBytes(1L << 30)))
                .setHpa(HpaSummary.newBuilder().setName("checkout").setMinReplicas(2).setMaxReplicas(10).setTargetsCpu(true)
                        .setTargetCpuUtilizationPercent(70))
                .addPods(PodPlacement.newBuilder().setPod("checkout-abc").setNode("node-1").setPhase("Running"))
                .setObservedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L))
                .build();
    }

    @Test
    void workloadSnapshotSurvivesTheSerde() {
        var serde = ProtobufSerde.of(WorkloadSnapshot.getDefaultInstance());
        WorkloadSnapshot original = workload();
        byte[] bytes = serde.serializer().serialize(Topics.WORKLOADS, original);
        WorkloadSnapshot back = serde.deserializer().deserialize(Topics.WORKLOADS, bytes);
        assertThat(back).isEqualTo(original);
        // presence survives: a CPU limit that was never set is still unset, not zero
        assertThat(back.getContainers(0).getLimits().hasCpuMillicores()).isFalse();
        assertThat(back.getContainers(0).getLimits().hasMemoryBytes()).isTrue();
        assertThat(back.getHpa().hasTargetMemoryUtilizationPercent()).isFalse();
    }

    @Test
    void tombstonesStayNull() {
        var serde = ProtobufSerde.of(WorkloadSnapshot.getDefaultInstance());
        assertThat(serde.serializer().serialize(Topics.WORKLOADS, null)).isNull();
        assertThat(serde.deserializer().deserialize(Topics.WORKLOADS, null)).isNull();
    }

    @Test
    void garbageNamesTopicAndType() {
        var serde = ProtobufSerde.of(UsageBatch.getDefaultInstance());
        assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.USAGE, new byte[] {(byte) 0xff, 0x01, 0x02}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(Topics.USAGE)
                .hasMessageContaining("krr.events.v1.UsageBatch");
    }

    @Test
    void usageAndRecommendationRoundTrip() {
        UsageBatch usage = UsageBatch.newBuilder().setCluster("c1").setNamespace("shop").setKind("Deployment").setName("checkout")
                .setWindowStart(Timestamp.newBuilder().setSeconds(0)).setWindowEnd(Timestamp.newBuilder().setSeconds(300))
                .addContainers(ContainerUsage.newBuilder().setPod("p").setContainer("app")
                        .setCpu(CpuUsage.newBuilder().setStepSeconds(60).addCores(0.25f).addCores(Float.NaN).addCores(0.5f))
                        .setMemory(MemoryUsage.newBuilder().setWorkingSetPeakBytes(300L << 20).setSampleCount(5))
                        .setOom(OomEvents.newBuilder().setOomKills(1).setMemoryLimitAtOomBytes(256L << 20)))
                .build();
        assertThat(ProtobufSerde.of(UsageBatch.getDefaultInstance()).deserializer().deserialize(Topics.USAGE, usage.toByteArray())).isEqualTo(usage);

        Recommendation rec = Recommendation.newBuilder().setCluster("c1").setNamespace("shop").setKind("Deployment").setName("checkout")
                .setSeverity(Severity.SEVERITY_CRITICAL)
                .addContainers(ContainerRecommendation.newBuilder().setContainer("app")
                        .addResources(ResourceRecommendation.newBuilder().setResource(Resource.RESOURCE_CPU_MILLICORES)
                                .setCurrentRequest(500).setRecommendedRequest(120)))
                .setCost(dev.krr.events.v1.WorkloadCost.newBuilder()
                        .setCurrentMonthly(Moneys.of(new BigDecimal("70.08"), "USD"))
                        .setRecommendedMonthly(Moneys.of(new BigDecimal("20.01"), "USD"))
                        .setSavingsMonthly(Moneys.of(new BigDecimal("50.07"), "USD")))
                .build();
        Recommendation back = ProtobufSerde.of(Recommendation.getDefaultInstance()).deserializer()
                .deserialize(Topics.RECOMMENDATIONS, rec.toByteArray());
        assertThat(back).isEqualTo(rec);
        assertThat(back.getContainers(0).getResources(0).hasRecommendedLimit()).isFalse();
        assertThat(Moneys.toBigDecimal(back.getCost().getSavingsMonthly())).isEqualByComparingTo("50.07");
    }

    @Test
    void nodeSnapshotRoundTrips() throws Exception {
        NodeSnapshot node = NodeSnapshot.newBuilder().setCluster("c1").setName("n1").setProvider("aws").setRegion("us-east-1")
                .setZone("us-east-1a").setInstanceType("m5.large").setCapacityType(CapacityType.CAPACITY_TYPE_SPOT)
                .setAllocatable(ResourceQuantities.newBuilder().setCpuMillicores(1930).setMemoryBytes(7_000_000_000L)).build();
        assertThat(NodeSnapshot.parseFrom(node.toByteArray())).isEqualTo(node);
    }
}
