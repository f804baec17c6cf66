package dev.krr.contracts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates krr's topics that do not exist yet, with the configs of {@link Topics#all()}. Existing
 * topics are never altered — above all their partition count, because adding partitions moves
 * workload keys to other partitions while a running Kafka Streams application keeps the task
 * layout it started with, so the records on the new partitions would never be processed.
 * (Spring's {@code KafkaAdmin.NewTopics} does add partitions, which is why krr does not use it.)
 */
public final class TopicCreation {

    private TopicCreation() {
    }

    /**
     * Creates the topics selected by {@code which} that are missing, with {@code partitions(spec)}
     * partitions and the broker's default replication factor (or {@code replicationFactor} when
     * present); returns the names it created. A topic created concurrently by another service counts
     * as existing.
     */
    public static List<String> createMissing(Map<String, Object> adminConfig, Predicate<Topics.TopicSpec> which,
                                             ToIntFunction<Topics.TopicSpec> partitions, Optional<Short> replicationFactor) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream()
                    .filter(which)
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), Optional.of(partitions.applyAsInt(t)), replicationFactor).configs(t.configs()))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating krr topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create krr topics on " + adminConfig.get("bootstrap.servers") + ": "
                    + e.getMessage(), e);
        }
    }
}
