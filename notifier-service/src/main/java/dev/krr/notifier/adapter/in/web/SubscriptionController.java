package dev.krr.notifier.adapter.in.web;

import dev.krr.notifier.app.SubscriptionService;
import dev.krr.notifier.domain.Subscription;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook subscriptions over REST: list, show, create, delete. Secrets go in, never come out.
 * 400 names the bad field, 409 answers a duplicate id or an attempt to delete a configured one.
 */
@RestController
@RequestMapping("/api/v1/subscriptions")
public class SubscriptionController {

    private final SubscriptionService subscriptions;

    public SubscriptionController(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping
    public List<SubscriptionDocument.View> list() {
        return subscriptions.list().stream().map(SubscriptionDocument::view).toList();
    }

    @GetMapping("/{id}")
    public ResponseEntity<SubscriptionDocument.View> get(@PathVariable String id) {
        return subscriptions.get(id).map(SubscriptionDocument::view).map(ResponseEntity::ok)
                .orElse(ResponseEntity.notFound().build());
    }

    @PostMapping
    public ResponseEntity<SubscriptionDocument.View> create(@RequestBody SubscriptionDocument body) {
        Subscription created = subscriptions.create(body.toDomain(Subscription.Origin.API));
        return ResponseEntity.created(URI.create("/api/v1/subscriptions/" + created.id()))
                .body(SubscriptionDocument.view(created));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String id) {
        return subscriptions.delete(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    public ResponseEntity<Map<String, String>> conflict(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
}
