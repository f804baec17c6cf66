package dev.krr.strategy.adapter.in.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.krr.contracts.Headers;
import dev.krr.contracts.Keys;
import dev.krr.contracts.Topics;
import dev.krr.events.v1.NodeSnapshot;
import dev.krr.strategy.app.NodePricingService;
import dev.krr.strategy.domain.model.NodeShape;
import dev.krr.types.v1.ResourceQuantities;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * Reads node snapshots and hands them to the {@link NodePricingService}. The compacted node topic is
 * read from the beginning at every start, so every node is priced again after a restart (and the
 * service needs no committed position to be right). Records that do not parse go to
 * {@code krr.nodes.v1.dlq} with the error.
 */
public class NodeSnapshotListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(NodeSnapshotListener.class);
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final NodePricingService pricing;
    private final KafkaTemplate<String, byte[]> template;

    public NodeSnapshotListener(NodePricingService pricing, KafkaTemplate<String, byte[]> template) {
        this.pricing = pricing;
        this.template = template;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        callback.seekToBeginning(assignments.keySet());
    }

    @KafkaListener(id = "krr-strategy-node-pricing", topics = Topics.NODES, containerFactory = "nodeListenerContainerFactory",
            groupId = "${spring.kafka.streams.application-id:krr-strategy}-node-pricing")
    public void onNodes(List<ConsumerRecord<String, byte[]>> records) {
        List<NodeShape> nodes = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                if (r.value() == null) {
                    Keys.NodeKey key = Keys.parseNode(r.key());
                    pricing.onNodeDeleted(key.cluster(), key.node());
                } else {
                    nodes.add(toShape(NodeSnapshot.parseFrom(r.value())));
                }
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                deadLetter(r, e);
            }
        }
        if (!nodes.isEmpty()) {
            pricing.onNodes(nodes);
        }
    }

    static NodeShape toShape(NodeSnapshot s) {
        ResourceQuantities q = s.hasCapacity() ? s.getCapacity() : s.getAllocatable();
        return new NodeShape(s.getCluster(), s.getName(), s.getProvider(), s.getRegion(), s.getInstanceType(),
                NodeRatesMapper.capacity(s.getCapacityType()), s.getOs(),
                q.hasCpuMillicores() ? q.getCpuMillicores() / 1000.0 : 0, q.hasMemoryBytes() ? q.getMemoryBytes() / GIB : 0,
                q.hasGpuCount() ? (int) q.getGpuCount() : 0, s.getGpuModel());
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r, Exception e) {
        log.warn("node record {} sent to {}: {}", r.key(), Topics.deadLetter(Topics.NODES), e.getMessage());
        ProducerRecord<String, byte[]> dlq = new ProducerRecord<>(Topics.deadLetter(Topics.NODES), r.key(), r.value());
        r.headers().forEach(h -> dlq.headers().add(h));
        dlq.headers().add(Headers.DLQ_ORIGINAL_TOPIC, r.topic().getBytes(StandardCharsets.UTF_8));
        dlq.headers().add(Headers.DLQ_ORIGINAL_POSITION, (r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
        dlq.headers().add(Headers.DLQ_ERROR_CLASS, e.getClass().getName().getBytes(StandardCharsets.UTF_8));
        dlq.headers().add(Headers.DLQ_ERROR_MESSAGE, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        dlq.headers().add(Headers.DLQ_SERVICE, "strategy-service".getBytes(StandardCharsets.UTF_8));
        template.send(dlq);
    }
}
