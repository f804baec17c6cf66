package dev.krr.notifier.adapter.in.kafka;

import dev.krr.events.v1.Recommendation;
import dev.krr.notifier.adapter.out.kafka.DeadLetterPublisher;
import dev.krr.notifier.app.DeliveryOutcome;
import dev.krr.notifier.app.RenderedEvent;
import dev.krr.notifier.app.Waiter;
import dev.krr.notifier.app.WebhookDeliverer;
import dev.krr.notifier.app.WebhookFormatter;
import dev.krr.notifier.domain.DeliveryMode;
import dev.krr.notifier.domain.Digest;
import dev.krr.notifier.domain.Subscription;
import dev.krr.notifier.domain.WebhookEvent;
import dev.krr.notifier.domain.WorkloadRecommendation;
import dev.krr.notifier.domain.WorkloadRef;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the recommendations topic to ONE webhook subscription. Each subscription has its own
 * consumer group ({@code <prefix><id>}), thread, HTTP client and circuit breaker, so a slow or
 * dead endpoint only holds back itself.
 *
 * <p>Delivery state is the group's committed offsets: an offset is committed only once its
 * record was delivered, dead-lettered or filtered out (and, in digest mode, once the digest
 * holding it was delivered). After a crash the uncommitted records are read again and delivered
 * again with the same event id - at-least-once, with an idempotency key for the receiver. This
 * needs no extra store and keeps per-endpoint order: records are delivered one at a time in
 * partition order (every record of a workload is on one partition).
 *
 * <p>While waiting between attempts the consumer is paused and keeps polling, so a long backoff
 * does not cost the group membership; if a rebalance happens meanwhile, the delivery is
 * abandoned (uncommitted) and the partitions are rewound to their committed offsets.
 */
public final class WebhookSubscriptionListener implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSubscriptionListener.class);

    private final Subscription subscription;
    private final String topic;
    private final String deadLetterTopic;
    private final Map<String, Object> consumerProperties;
    private final RecommendationMapper mapper;
    private final WebhookFormatter formatter;
    private final WebhookDeliverer deliverer;
    private final CircuitBreaker breaker;
    private final DeadLetterPublisher deadLetters;
    private final Clock clock;
    private final Duration pollTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    private final Map<WorkloadRef, Pending> digestPending = new LinkedHashMap<>();
    private final List<Pending> digestRecords = new ArrayList<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean rebalanced;
    private Instant digestWindowStart;
    private Thread thread;

    public WebhookSubscriptionListener(Subscription subscription, String topic, String deadLetterTopic,
                                       String groupPrefix, Map<String, Object> consumerProperties,
                                       RecommendationMapper mapper, WebhookFormatter formatter,
                                       WebhookDeliverer deliverer, CircuitBreaker breaker,
                                       DeadLetterPublisher deadLetters, Clock clock, Duration pollTimeout) {
        this.subscription = subscription;
        this.topic = topic;
        this.deadLetterTopic = deadLetterTopic;
        this.mapper = mapper;
        this.formatter = formatter;
        this.deliverer = deliverer;
        this.breaker = breaker;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
        Map<String, Object> props = new HashMap<>(consumerProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + subscription.id());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "krr-notifier-webhook-" + subscription.id());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, subscription.startFromEarliest() ? "earliest" : "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        this.consumerProperties = props;
    }

    public Subscription subscription() {
        return subscription;
    }

    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this, "krr-webhook-" + subscription.id());
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning() {
        return running.get();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                rebalanced = false;
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (!handle(r)) {
                        break;
                    }
                }
                if (subscription.mode() == DeliveryMode.DIGEST) {
                    flushDigestIfDue();
                }
                commitDone();
            }
        } catch (WakeupException | Waiter.DeliveryAborted e) {
            if (running.get()) {
                log.warn("webhook {} consumer woke up unexpectedly", subscription.id());
            }
        } catch (RuntimeException e) {
            log.error("webhook {} consumer stopped: {}", subscription.id(), e.toString(), e);
        } finally {
            try {
                commitDone();
            } catch (RuntimeException e) {
                log.debug("final commit of webhook {} failed: {}", subscription.id(), e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
            running.set(false);
        }
    }

    /** Handles one record; false when the rest of the batch is stale (rebalance while waiting). */
    private boolean handle(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        WebhookEvent event;
        WorkloadRecommendation rec = null;
        Instant now = clock.instant();
        try {
            if (r.value() == null) {
                WorkloadRef workload = mapper.workloadOf(r.key());
                event = formatter.supports(WebhookEvent.Type.REMOVED) && subscription.mode() == DeliveryMode.EVERY_CHANGE
                        && subscription.filter().matchesWorkload(workload)
                        ? WebhookEvent.removed(eventId(r), now, workload) : null;
            } else {
                rec = mapper.toDomain(Recommendation.parseFrom(r.value()));
                event = subscription.filter().matches(rec) ? WebhookEvent.changed(eventId(r), now, rec) : null;
            }
        } catch (Exception e) {
            log.debug("webhook {} skips unreadable record {}@{}: {}", subscription.id(), r.partition(), r.offset(), e.getMessage());
            event = null;
        }
        if (subscription.mode() == DeliveryMode.DIGEST) {
            if (event != null && rec != null) {
                Pending p = new Pending(r, rec);
                digestPending.put(rec.workload(), p);
                digestRecords.add(p);
                if (digestWindowStart == null) {
                    digestWindowStart = now;
                }
            }
            markDone(tp, r.offset());
            return true;
        }
        if (event != null) {
            try {
                deliverOrDeadLetter(formatter.render(event), List.of(r));
            } catch (Waiter.DeliveryAborted aborted) {
                if (!running.get()) {
                    throw aborted;
                }
                log.info("webhook {}: delivery of {}@{} abandoned ({}), will be redelivered",
                        subscription.id(), r.partition(), r.offset(), aborted.getMessage());
                return false;
            }
        }
        markDone(tp, r.offset());
        return true;
    }

    private void flushDigestIfDue() {
        if (digestPending.isEmpty() || clock.instant().isBefore(digestWindowStart.plus(subscription.digestInterval()))) {
            return;
        }
        List<WorkloadRecommendation> latest = new ArrayList<>();
        StringBuilder idSource = new StringBuilder(subscription.id());
        for (Pending p : digestPending.values()) {
            latest.add(p.recommendation());
        }
        for (Pending p : digestRecords) {
            idSource.append('|').append(p.record().partition()).append('@').append(p.record().offset());
        }
        Digest digest = Digest.of(latest, digestRecords.size(), subscription.digestTopPerCluster());
        String id = UUID.nameUUIDFromBytes(idSource.toString().getBytes(StandardCharsets.UTF_8)).toString();
        List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
        for (Pending p : digestPending.values()) {
            raw.add(p.record());
        }
        try {
            deliverOrDeadLetter(formatter.render(WebhookEvent.digest(id, clock.instant(), digest)), raw);
        } catch (Waiter.DeliveryAborted aborted) {
            if (!running.get()) {
                throw aborted;
            }
            return;
        }
        digestPending.clear();
        digestRecords.clear();
        digestWindowStart = null;
    }

    private void deliverOrDeadLetter(RenderedEvent rendered, List<ConsumerRecord<String, byte[]>> records) {
        DeliveryOutcome outcome = deliverer.deliver(subscription, breaker, rendered, this::awaitPolling);
        if (outcome.delivered()) {
            return;
        }
        log.warn("webhook {}: event {} dead-lettered: {}", subscription.id(), rendered.eventId(), outcome.reason());
        for (ConsumerRecord<String, byte[]> r : records) {
            deadLetters.publish(deadLetterTopic, r.topic(), r.partition() + "@" + r.offset(), r.key(), r.value(),
                    "WebhookDeliveryFailed", outcome.reason(),
                    Map.of(DeadLetterPublisher.SUBSCRIPTION_HEADER, subscription.id(),
                            DeadLetterPublisher.ATTEMPTS_HEADER, String.valueOf(outcome.attempts()),
                            DeadLetterPublisher.EVENT_ID_HEADER, rendered.eventId()));
        }
    }

    /** Waits while keeping the group membership: commit progress, pause, poll, resume. */
    private void awaitPolling(Duration duration) {
        if (subscription.mode() == DeliveryMode.EVERY_CHANGE) {
            commitDone();
        }
        Collection<TopicPartition> paused = consumer.assignment();
        consumer.pause(paused);
        long deadline = System.nanoTime() + duration.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!running.get()) {
                    throw new Waiter.DeliveryAborted("shutting down");
                }
                long leftMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                ConsumerRecords<String, byte[]> stray = consumer.poll(Duration.ofMillis(Math.min(leftMillis, 200)));
                rewind(stray);
                if (rebalanced) {
                    throw new Waiter.DeliveryAborted("partitions were rebalanced");
                }
            }
        } catch (WakeupException e) {
            throw new Waiter.DeliveryAborted("shutting down");
        } finally {
            consumer.resume(consumer.assignment());
        }
    }

    private void rewind(ConsumerRecords<String, byte[]> stray) {
        for (TopicPartition tp : stray.partitions()) {
            consumer.seek(tp, stray.records(tp).get(0).offset());
        }
    }

    private void markDone(TopicPartition tp, long offset) {
        done.put(tp, new OffsetAndMetadata(offset + 1));
    }

    private void commitDone() {
        if (done.isEmpty() || (subscription.mode() == DeliveryMode.DIGEST && !digestPending.isEmpty())) {
            return;
        }
        consumer.commitSync(new HashMap<>(done));
        done.clear();
    }

    private static String eventId(ConsumerRecord<String, byte[]> r) {
        return UUID.nameUUIDFromBytes((r.topic() + "/" + r.partition() + "/" + r.offset()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private record Pending(ConsumerRecord<String, byte[]> record, WorkloadRecommendation recommendation) {
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (subscription.mode() == DeliveryMode.EVERY_CHANGE && !done.isEmpty()) {
                try {
                    consumer.commitSync(new HashMap<>(done));
                } catch (RuntimeException e) {
                    log.warn("webhook {}: commit on revoke failed: {}", subscription.id(), e.toString());
                }
            }
            done.clear();
            digestPending.clear();
            digestRecords.clear();
            digestWindowStart = null;
            rebalanced = true;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                if (c != null) {
                    consumer.seek(tp, c);
                }
            }
        }
    }
}
