package dev.krr.strategy.adapter.out.kafka;

import dev.krr.contracts.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the krr topics that do not exist yet, with the configs {@link Topics#all()} gives them.
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

    /** Creates the missing topics and returns their names. */
    public static CreatedTopics createMissing(Map<String, Object> adminConfig, int partitions, short replicationFactor) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), partitions, replicationFactor).configs(t.configs()))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
                log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
            return new CreatedTopics(missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating krr topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create krr topics: " + e.getMessage(), e);
        }
    }
}
