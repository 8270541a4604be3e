package dev.steward.rest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.steward.api.memory.ContextBundle;
import dev.steward.api.memory.ContextItem;
import dev.steward.api.memory.ContextRequest;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.MemoryTier;
import dev.steward.api.memory.Memory;
import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.WorkingMemory;

/**
 * A Memory whose working memory holds what the test puts in it and whose context bundle is one working item and one
 * knowledge item, cut to the budget; records each request, and refuses a type with a space like the real one.
 */
final class FakeMemory implements Memory {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    final List<String> calls = new ArrayList<>();
    final Map<String, Map<String, String>> flows = new LinkedHashMap<>();

    @Override
    public ContextBundle context(ContextRequest r) {
        calls.add("context " + r.task() + " session=" + r.sessionId() + " flow=" + r.flowId() + " max=" + r.maxChars()
                + " types=" + new TreeSet<>(r.types()) + " metadata=" + new TreeMap<>(r.metadata()));
        if (r.types().stream().anyMatch(t -> t.contains(" "))) {
            throw new IllegalArgumentException("Search type '" + r.types().iterator().next() + "' must be a lower-case letter");
        }
        String text = "Ann asked about the invoice";
        boolean cut = text.length() > r.maxChars();
        List<ContextItem> items = List.of(new ContextItem("ep-1", MemoryTier.KNOWLEDGE, "episode",
                cut ? text.substring(0, r.maxChars()) : text, 0.5, T0, cut));
        return new ContextBundle(r.task(), items, items.get(0).text().length(), r.maxChars(), 0);
    }

    @Override
    public WorkingMemory working() {
        return new WorkingMemory() {
            @Override
            public void put(String flowId, String key, String value) {
                flows.computeIfAbsent(flowId, f -> new LinkedHashMap<>()).put(key, value);
            }

            @Override
            public Optional<String> get(String flowId, String key) {
                return Optional.ofNullable(entries(flowId).get(key));
            }

            @Override
            public Map<String, String> entries(String flowId) {
                return flows.getOrDefault(flowId, Map.of());
            }

            @Override
            public void clear(String flowId) {
                flows.remove(flowId);
            }

            @Override
            public Episode promote(String flowId, String key, String kind, Provenance provenance) {
                throw new UnsupportedOperationException("not over REST");
            }
        };
    }

    @Override
    public SessionHistory sessions() {
        throw new UnsupportedOperationException("not used by the context endpoints");
    }

    @Override
    public KnowledgeBank knowledge() {
        throw new UnsupportedOperationException("not used by the context endpoints");
    }
}
