package dev.krr.strategy.adapter.out.kafka;

import com.google.protobuf.Timestamp;
import dev.krr.contracts.Headers;
import dev.krr.contracts.Keys;
import dev.krr.contracts.Moneys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.NodeRates;
import dev.krr.strategy.app.NodeRatesSink;
import dev.krr.strategy.domain.model.PricedNode;
import dev.krr.types.v1.CapacityType;
import dev.krr.types.v1.PriceProvenance;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes node rates to {@link Topics#NODE_RATES} (key {@code cluster/node}), tombstones for deleted nodes. */
public final class NodeRatesPublisher implements NodeRatesSink {

    private final KafkaTemplate<String, byte[]> template;

    public NodeRatesPublisher(KafkaTemplate<String, byte[]> template) {
        this.template = template;
    }

    @Override
    public void publish(PricedNode p) {
        NodeRates.Builder b = NodeRates.newBuilder()
                .setCluster(p.node().cluster()).setNode(p.node().name()).setProvider(p.node().provider())
                .setRegion(p.node().region()).setInstanceType(p.node().instanceType())
                .setCapacityType(capacity(p))
                .setNodePerHour(Moneys.of(p.nodePerHour(), p.currency()))
                .setCpuPerVcpuHour(Moneys.of(p.cpuPerVcpuHour(), p.currency()))
                .setMemoryPerGibHour(Moneys.of(p.memoryPerGibHour(), p.currency()))
                .setProvenance(PriceProvenance.newBuilder().setSource(p.source()).setEffectiveDate(p.effectiveDate())
                        .setEstimated(p.estimated()).setEstimationBasis(p.estimationBasis()).setStale(p.stale()))
                .setPricedAt(Timestamp.newBuilder().setSeconds(p.pricedAt().getEpochSecond()).setNanos(p.pricedAt().getNano()));
        if (p.gpuPerHour() != null) {
            b.setGpuPerHour(Moneys.of(p.gpuPerHour(), p.currency()));
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.NODE_RATES, Keys.node(p.node().cluster(), p.node().name()),
                b.build().toByteArray());
        record.headers().add(Headers.SCHEMA, NodeRates.getDescriptor().getFullName().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Headers.CLUSTER, p.node().cluster().getBytes(StandardCharsets.UTF_8));
        template.send(record);
    }

    @Override
    public void delete(String cluster, String node) {
        template.send(Topics.NODE_RATES, Keys.node(cluster, node), null);
    }

    private static CapacityType capacity(PricedNode p) {
        return switch (p.node().capacityType()) {
            case ON_DEMAND -> CapacityType.CAPACITY_TYPE_ON_DEMAND;
            case SPOT -> CapacityType.CAPACITY_TYPE_SPOT;
            case PREEMPTIBLE -> CapacityType.CAPACITY_TYPE_PREEMPTIBLE;
            case RESERVED -> CapacityType.CAPACITY_TYPE_RESERVED;
            case UNKNOWN -> CapacityType.CAPACITY_TYPE_UNSPECIFIED;
        };
    }
}
