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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * needs no extra store and keeps per-endpoint order where it matters: each partition has its own
 * delivery lane, records of a partition are delivered one at a time in offset order (every record
 * of a workload is on one partition), partitions proceed in parallel.
 *
 * <p>While the lanes deliver (and wait between attempts) the consumer is paused and keeps
 * polling, so a long backoff does not cost the group membership; on a rebalance the lanes are
 * aborted, what they finished is committed, the rest stays uncommitted for the next owner.
 */
public final class WebhookSubscriptionListener implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSubscriptionListener.class);
    private static final Duration LANE_POLL = Duration.ofMillis(10);
    private static final Duration LANE_STOP_TIMEOUT = Duration.ofSeconds(60);

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
    private volatile boolean abortLanes;
    private final Map<TopicPartition, Future<?>> inFlight = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> laneProgress = new ConcurrentHashMap<>();
    private ExecutorService lanes;
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
        AtomicInteger laneNumber = new AtomicInteger();
        lanes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "krr-webhook-" + subscription.id() + "-lane-" + laneNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        thread = new Thread(this, "krr-webhook-" + subscription.id());
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        abortLanes = true;
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
                if (subscription.mode() == DeliveryMode.DIGEST) {
                    for (ConsumerRecord<String, byte[]> r : records) {
                        handle(r);
                    }
                    flushDigestIfDue();
                } else if (!records.isEmpty()) {
                    deliverInLanes(records);
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
            abortLanes = true;
            awaitLanesQuietly();
            lanes.shutdownNow();
            mergeLaneProgress();
            try {
                commitDone();
            } catch (RuntimeException e) {
                log.debug("final commit of webhook {} failed: {}", subscription.id(), e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
            running.set(false);
        }
    }

    /**
     * Delivers one poll's records with one lane per partition, in parallel across partitions and
     * in order within each. Meanwhile this (consumer) thread keeps polling with every partition
     * paused, so the group membership survives long retries; a rebalance aborts the lanes
     * (see {@link Rebalance}). Offsets of fully handled records become committable.
     */
    private void deliverInLanes(ConsumerRecords<String, byte[]> records) {
        abortLanes = false;
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> partitionRecords = records.records(tp);
            inFlight.put(tp, lanes.submit(() -> deliverPartition(tp, partitionRecords)));
        }
        consumer.pause(consumer.assignment());
        try {
            while (inFlight.values().stream().anyMatch(f -> !f.isDone())) {
                rewind(consumer.poll(LANE_POLL));
            }
        } finally {
            consumer.resume(consumer.assignment());
        }
        awaitLanesQuietly();
        if (!rebalanced) {
            mergeLaneProgress();
        }
        inFlight.clear();
        laneProgress.clear();
    }

    private void deliverPartition(TopicPartition tp, List<ConsumerRecord<String, byte[]>> records) {
        for (ConsumerRecord<String, byte[]> r : records) {
            if (abortLanes || !running.get()) {
                return;
            }
            WebhookEvent event = eventOf(r);
            if (event != null) {
                try {
                    deliverOrDeadLetter(formatter.render(event), List.of(r), this::awaitInLane);
                } catch (Waiter.DeliveryAborted aborted) {
                    log.info("webhook {}: delivery of {}@{} abandoned ({}), will be redelivered",
                            subscription.id(), r.partition(), r.offset(), aborted.getMessage());
                    return;
                } catch (RuntimeException e) {
                    log.error("webhook {}: delivery of {}@{} failed, will be redelivered: {}",
                            subscription.id(), r.partition(), r.offset(), e.toString());
                    return;
                }
            }
            laneProgress.put(tp, r.offset());
        }
    }

    /** Backoff inside a lane: sleeps in short steps so an abort (rebalance, shutdown) is noticed. */
    private void awaitInLane(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            if (abortLanes || !running.get()) {
                throw new Waiter.DeliveryAborted(running.get() ? "partitions were rebalanced" : "shutting down");
            }
            long leftMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                Thread.sleep(Math.min(leftMillis, 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Waiter.DeliveryAborted("interrupted");
            }
        }
    }

    private void awaitLanesQuietly() {
        for (Future<?> f : inFlight.values()) {
            try {
                f.get(LANE_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
                log.warn("webhook {}: a delivery lane did not finish cleanly: {}", subscription.id(), e.toString());
            }
        }
    }

    private void mergeLaneProgress() {
        laneProgress.forEach(this::markDone);
    }

    private WebhookEvent eventOf(ConsumerRecord<String, byte[]> r) {
        Instant now = clock.instant();
        try {
            if (r.value() == null) {
                WorkloadRef workload = mapper.workloadOf(r.key());
                return formatter.supports(WebhookEvent.Type.REMOVED) && subscription.filter().matchesWorkload(workload)
                        ? WebhookEvent.removed(eventId(r), now, workload) : null;
            }
            WorkloadRecommendation rec = mapper.toDomain(Recommendation.parseFrom(r.value()));
            return subscription.filter().matches(rec) ? WebhookEvent.changed(eventId(r), now, rec) : null;
        } catch (Exception e) {
            log.debug("webhook {} skips unreadable record {}@{}: {}", subscription.id(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    /** Handles one record in digest mode: remembers it for the next digest. */
    private void handle(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        WebhookEvent event = eventOf(r);
        if (event != null && event.recommendation() != null) {
            Pending p = new Pending(r, event.recommendation());
            digestPending.put(event.recommendation().workload(), p);
            digestRecords.add(p);
            if (digestWindowStart == null) {
                digestWindowStart = clock.instant();
            }
        }
        markDone(tp, r.offset());
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
            deliverOrDeadLetter(formatter.render(WebhookEvent.digest(id, clock.instant(), digest)), raw, this::awaitPolling);
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

    private void deliverOrDeadLetter(RenderedEvent rendered, List<ConsumerRecord<String, byte[]>> records, Waiter waiter) {
        DeliveryOutcome outcome = deliverer.deliver(subscription, breaker, rendered, waiter);
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

    /** Digest mode: waits on the consumer thread while keeping the group membership (pause, poll, resume). */
    private void awaitPolling(Duration duration) {
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
            if (!inFlight.isEmpty()) {
                abortLanes = true;
                awaitLanesQuietly();
                mergeLaneProgress();
                laneProgress.clear();
            }
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
