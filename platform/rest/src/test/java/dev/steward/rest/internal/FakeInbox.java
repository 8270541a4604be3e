package dev.steward.rest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;

/** An in-memory ExceptionsInbox: a replay succeeds unless the route is "broken". */
final class FakeInbox implements ExceptionsInbox {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    final Map<String, DeadLetterView> letters = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();

    DeadLetterView add(String id, String route, String status) {
        DeadLetterView letter = new DeadLetterView(id, route, "direct:" + route, "boom", "java.io.IOException", "{\"n\":1}",
                Map.of("kind", "order"), T0, status, null, 0);
        letters.put(id, letter);
        return letter;
    }

    @Override
    public List<DeadLetterView> list(String status, int limit) {
        calls.add("list " + status + " " + limit);
        return letters.values().stream().filter(l -> status == null || l.status().equals(status)).limit(limit).toList();
    }

    @Override
    public Optional<DeadLetterView> find(String id) {
        return Optional.ofNullable(letters.get(id));
    }

    @Override
    public DeadLetterView replay(String id) {
        calls.add("replay " + id);
        DeadLetterView l = open(id);
        DeadLetterView after = l.route().equals("broken")
                ? new DeadLetterView(id, l.route(), l.endpoint(), "again", l.exceptionType(), l.payload(), l.headers(),
                        T0.plusSeconds(60), "OPEN", null, l.failedReplays() + 1)
                : with(l, "REPLAYED", T0.plusSeconds(60));
        letters.put(id, after);
        return after;
    }

    @Override
    public int replayAll(String route) {
        calls.add("replayAll " + route);
        List<String> open = letters.values().stream()
                .filter(l -> l.route().equals(route) && l.status().equals("OPEN")).map(DeadLetterView::id).toList();
        return (int) open.stream().map(this::replay).filter(l -> l.status().equals("REPLAYED")).count();
    }

    @Override
    public DeadLetterView discard(String id) {
        calls.add("discard " + id);
        DeadLetterView after = with(open(id), "DISCARDED", null);
        letters.put(id, after);
        return after;
    }

    private DeadLetterView open(String id) {
        DeadLetterView letter = letters.get(id);
        if (letter == null) {
            throw new IllegalArgumentException("no dead letter with id '" + id + "'");
        }
        if (!letter.status().equals("OPEN")) {
            throw new IllegalStateException("dead letter " + id + " is " + letter.status());
        }
        return letter;
    }

    private static DeadLetterView with(DeadLetterView l, String status, Instant replayedAt) {
        return new DeadLetterView(l.id(), l.route(), l.endpoint(), l.reason(), l.exceptionType(), l.payload(), l.headers(),
                l.failedAt(), status, replayedAt, l.failedReplays());
    }
}
