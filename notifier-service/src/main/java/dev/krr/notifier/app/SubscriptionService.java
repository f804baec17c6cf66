package dev.krr.notifier.app;

import dev.krr.notifier.domain.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The set of webhook subscriptions: those from configuration (fixed) and those created over the
 * REST API (persisted through {@link SubscriptionStore}). Adding one starts its delivery,
 * deleting one stops it; its consumer group's offsets stay, so re-creating the same id resumes
 * where it left off.
 */
public final class SubscriptionService {

    private final Map<String, Subscription> subscriptions = new TreeMap<>();
    private final SubscriptionStore store;
    private final DeliveryRuntime runtime;

    public SubscriptionService(List<Subscription> configured, SubscriptionStore store, DeliveryRuntime runtime) {
        this.store = store;
        this.runtime = runtime;
        for (Subscription s : configured) {
            subscriptions.put(s.id(), s);
        }
        for (Subscription s : store.load()) {
            subscriptions.putIfAbsent(s.id(), s);
        }
    }

    /** Starts delivery of every known subscription. */
    public synchronized void startAll() {
        subscriptions.values().forEach(runtime::start);
    }

    public synchronized List<Subscription> list() {
        return List.copyOf(subscriptions.values());
    }

    public synchronized Optional<Subscription> get(String id) {
        return Optional.ofNullable(subscriptions.get(id));
    }

    /** Adds an API subscription; an existing id is an {@link IllegalStateException}. */
    public synchronized Subscription create(Subscription s) {
        if (subscriptions.containsKey(s.id())) {
            throw new IllegalStateException("subscription '" + s.id() + "' already exists");
        }
        subscriptions.put(s.id(), s);
        persist();
        runtime.start(s);
        return s;
    }

    /** Removes an API subscription; configured ones cannot be removed; false when unknown. */
    public synchronized boolean delete(String id) {
        Subscription s = subscriptions.get(id);
        if (s == null) {
            return false;
        }
        if (s.origin() == Subscription.Origin.CONFIG) {
            throw new IllegalStateException("subscription '" + id + "' comes from configuration; remove it there");
        }
        runtime.stop(id);
        subscriptions.remove(id);
        persist();
        return true;
    }

    private void persist() {
        List<Subscription> api = new ArrayList<>();
        for (Subscription s : subscriptions.values()) {
            if (s.origin() == Subscription.Origin.API) {
                api.add(s);
            }
        }
        store.save(api);
    }
}
