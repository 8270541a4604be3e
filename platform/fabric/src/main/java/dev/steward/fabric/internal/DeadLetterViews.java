package dev.steward.fabric.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;

/**
 * The {@link ExceptionsInbox} service for the shell and the REST API: the fabric's {@link DeadLetters} with API
 * types and the API's exceptions (unknown id, letter not OPEN).
 */
@Component(service = ExceptionsInbox.class)
public final class DeadLetterViews implements ExceptionsInbox {

    private final DeadLetters letters;
    private final DeadLetterStore store;

    @Activate
    public DeadLetterViews(@Reference DeadLetters letters) {
        this(letters, letters.store());
    }

    DeadLetterViews(DeadLetters letters, DeadLetterStore store) {
        this.letters = letters;
        this.store = store;
    }

    @Override
    public List<DeadLetterView> list(String status, int limit) {
        return letters.list(status(status), limit).stream().map(DeadLetterViews::view).toList();
    }

    @Override
    public Optional<DeadLetterView> find(String id) {
        return store.find(id).map(DeadLetterViews::view);
    }

    @Override
    public DeadLetterView replay(String id) {
        DeadLetter letter = existing(id);
        if (letters.replay(id) == DeadLetters.Replay.NOT_OPEN) {
            throw notOpen(id, "replayed");
        }
        return view(store.find(id).orElse(letter));
    }

    @Override
    public int replayAll(String route) {
        if (route == null || route.isBlank()) {
            throw new IllegalArgumentException("route must be a route id");
        }
        return letters.replayAll(route);
    }

    @Override
    public DeadLetterView discard(String id) {
        DeadLetter letter = existing(id);
        if (!letters.discard(id)) {
            throw notOpen(id, "discarded");
        }
        return view(store.find(id).orElse(letter));
    }

    private DeadLetter existing(String id) {
        return store.find(id).orElseThrow(() -> new IllegalArgumentException("no dead letter with id '" + id + "'"));
    }

    private IllegalStateException notOpen(String id, String what) {
        String now = store.find(id).map(l -> l.status().name()).orElse("gone");
        return new IllegalStateException("dead letter " + id + " is " + now + ": only an OPEN letter can be " + what);
    }

    static DeadLetter.Status status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return DeadLetter.Status.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status '" + text + "' is not one of "
                    + Arrays.toString(DeadLetter.Status.values()), e);
        }
    }

    static DeadLetterView view(DeadLetter letter) {
        Map<String, String> headers = new LinkedHashMap<>();
        letter.headers().forEach((name, value) -> headers.put(name, String.valueOf(value)));
        return new DeadLetterView(letter.id(), letter.route(), letter.endpoint(), letter.reason(), letter.exceptionType(),
                letter.payload(), headers, Instant.ofEpochMilli(letter.failedAt()), letter.status().name(),
                letter.replayedAt() == null ? null : Instant.ofEpochMilli(letter.replayedAt()), letter.failedReplays());
    }
}
