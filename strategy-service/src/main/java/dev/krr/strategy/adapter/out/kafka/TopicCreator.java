package dev.krr.strategy.adapter.out.kafka;

import dev.krr.contracts.TopicCreation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the krr topics that do not exist yet, with the configs {@link dev.krr.contracts.Topics#all()} gives them.
 * Existing topics are never altered — in particular their partition count is left alone, since
 * adding partitions would move workload keys to other partitions and split their state.
 */
public final class TopicCreator {

    private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {
    }

    /** The topics a start-up created (empty when all existed or creation is off). */
    public record CreatedTopics(List<String> names) {
    }

    /** Creates the missing topics and returns their names (the creation itself is {@link TopicCreation}). */
    public static CreatedTopics createMissing(Map<String, Object> adminConfig, int partitions, short replicationFactor) {
        List<String> created = TopicCreation.createMissing(adminConfig, t -> true, t -> partitions, Optional.of(replicationFactor));
        if (!created.isEmpty()) {
            log.info("created topics {}", created);
        }
        return new CreatedTopics(created);
    }
}
