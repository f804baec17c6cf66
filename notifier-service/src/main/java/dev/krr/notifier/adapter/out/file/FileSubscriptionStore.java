package dev.krr.notifier.adapter.out.file;

import dev.krr.notifier.adapter.in.web.SubscriptionDocument;
import dev.krr.notifier.app.SubscriptionStore;
import dev.krr.notifier.domain.Subscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps API-created subscriptions in a JSON file (owner read/write only: it holds secrets),
 * replaced atomically on every change. Without a path the subscriptions live in memory only.
 */
public final class FileSubscriptionStore implements SubscriptionStore {

    private final Path file;
    private final ObjectMapper json;

    /** {@code file} null = in memory only. */
    public FileSubscriptionStore(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    @Override
    public List<Subscription> load() {
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        SubscriptionDocument[] docs;
        try {
            docs = json.readValue(Files.readAllBytes(file), SubscriptionDocument[].class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read subscription store " + file + ": " + e.getMessage(), e);
        }
        List<Subscription> out = new ArrayList<>();
        for (SubscriptionDocument d : Arrays.asList(docs)) {
            out.add(d.toDomain(Subscription.Origin.API));
        }
        return out;
    }

    @Override
    public void save(List<Subscription> apiSubscriptions) {
        if (file == null) {
            return;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".subscriptions", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // non-POSIX file systems keep their default permissions
            }
            Files.write(tmp, json.writeValueAsBytes(apiSubscriptions.stream().map(SubscriptionDocument::of).toList()));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write subscription store " + file + ": " + e.getMessage(), e);
        }
    }
}
