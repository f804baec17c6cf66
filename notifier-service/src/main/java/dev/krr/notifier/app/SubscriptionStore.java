package dev.krr.notifier.app;

import dev.krr.notifier.domain.Subscription;
import java.util.List;

/** Port: keeps the subscriptions created over the API across restarts. */
public interface SubscriptionStore {

    List<Subscription> load();

    void save(List<Subscription> apiSubscriptions);
}
