package dev.steward.memory.internal;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.steward.api.memory.ContextBundle;
import dev.steward.api.memory.ContextItem;
import dev.steward.api.memory.ContextRequest;
import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.api.memory.MemoryTier;
import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.SessionSummary;
import dev.steward.api.memory.SessionView;
import dev.steward.api.memory.Turn;
import dev.steward.api.memory.WorkingMemory;

/**
 * Assembles a context bundle from the three tiers: the flow's working entries, the session's summaries and recent
 * turns, and the knowledge bank's hits for the task with the current facts they carry, each item citable; packed into
 * the budget by {@link ContextBudget}. The bundle presents the working entries (in the order they were first set),
 * then the session chronologically (summaries, then turns), then knowledge best first (each hit followed by its facts
 * not already given). See docs/memory.md, "Context bundles".
 */
final class ContextAssembler {

    /** The most recent turns of a session asked for. */
    static final int RECENT_TURNS = 20;
    /** The knowledge bank is asked for {@code maxChars / CHARS_PER_HIT} hits, within these bounds. */
    static final int MIN_HITS = 10;
    static final int MAX_HITS = 50;
    static final int CHARS_PER_HIT = 1_000;
    /** The search text is the task's first characters (the knowledge bank's limit for a query). */
    static final int MAX_SEARCH_TEXT = 1_000;
    /** Fact objects that no hit names are looked up by id, at most this many a bundle (the others show their id). */
    static final int MAX_NAME_LOOKUPS = 20;

    private final WorkingMemory working;
    private final SessionHistory sessions;
    private final KnowledgeBank knowledge;

    ContextAssembler(WorkingMemory working, SessionHistory sessions, KnowledgeBank knowledge) {
        this.working = working;
        this.sessions = sessions;
        this.knowledge = knowledge;
    }

    ContextBundle assemble(ContextRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("Context request must be given");
        }
        String flowId = optionalId("flowId", request.flowId());
        String sessionId = optionalId("sessionId", request.sessionId());
        Map<MemoryTier, List<ContextItem>> candidates = new EnumMap<>(MemoryTier.class);
        candidates.put(MemoryTier.EPHEMERAL, flowId == null ? List.of() : working(flowId));
        candidates.put(MemoryTier.SESSION, sessionId == null ? List.of() : session(sessionId));
        candidates.put(MemoryTier.KNOWLEDGE, knowledge(request));
        Map<MemoryTier, Integer> needs = new EnumMap<>(MemoryTier.class);
        candidates.forEach((tier, items) -> needs.put(tier, items.stream().mapToInt(i -> i.text().length()).sum()));
        Map<MemoryTier, Integer> allotted = ContextBudget.allot(request.maxChars(), needs);
        List<ContextItem> items = new ArrayList<>();
        int omitted = 0;
        for (MemoryTier tier : MemoryTier.values()) {
            ContextBudget.Packed packed = ContextBudget.pack(candidates.get(tier), allotted.get(tier));
            items.addAll(tier == MemoryTier.SESSION ? chronological(packed.kept()) : packed.kept());
            omitted += packed.omitted();
        }
        int used = items.stream().mapToInt(i -> i.text().length()).sum();
        return new ContextBundle(request.task(), items, used, request.maxChars(), omitted);
    }

    private static String optionalId(String field, String id) {
        if (id != null && id.isBlank()) {
            throw new IllegalArgumentException("Context " + field + " must not be blank when given");
        }
        return id;
    }

    /** The flow's entries in the order they were first set, all equally current. */
    private List<ContextItem> working(String flowId) {
        List<ContextItem> items = new ArrayList<>();
        working.entries(flowId).forEach((key, value) -> items.add(
                new ContextItem(flowId + "/" + key, MemoryTier.EPHEMERAL, "working", value, 1.0, null, false)));
        return items;
    }

    /**
     * The session's material, most recent first (the order the budget keeps it in): the recent turns newest first,
     * then the summaries newest first. The score falls with recency rank: 1, 1/2, 1/3...
     */
    private List<ContextItem> session(String sessionId) {
        SessionView view = sessions.session(sessionId, RECENT_TURNS).orElse(null);
        if (view == null) {
            return List.of();
        }
        List<ContextItem> items = new ArrayList<>();
        List<Turn> turns = view.turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            items.add(new ContextItem(t.id(), MemoryTier.SESSION, "turn", t.speaker() + ": " + t.text(),
                    1.0 / (items.size() + 1), t.occurredAt(), false));
        }
        List<SessionSummary> summaries = view.summaries();
        for (int i = summaries.size() - 1; i >= 0; i--) {
            SessionSummary s = summaries.get(i);
            items.add(new ContextItem(s.id(), MemoryTier.SESSION, "summary", s.text(), 1.0 / (items.size() + 1), s.to(),
                    false));
        }
        return items;
    }

    /** Session items as a prompt reads them: summaries, then turns, oldest first (the reverse of their priority). */
    private static List<ContextItem> chronological(List<ContextItem> kept) {
        List<ContextItem> ordered = new ArrayList<>(kept);
        ordered.sort(Comparator.comparing((ContextItem i) -> i.kind().equals("turn")).thenComparing(ContextItem::score));
        return ordered;
    }

    /** The hits best first, each followed by its current facts that no earlier hit carried. */
    private List<ContextItem> knowledge(ContextRequest request) {
        int k = Math.max(MIN_HITS, Math.min(MAX_HITS, request.maxChars() / CHARS_PER_HIT));
        String text = ContextBudget.cut(request.task().strip(), MAX_SEARCH_TEXT);
        // the bank applies the metadata filter itself (KnowledgeQuery: episodes with those values, no entity)
        List<KnowledgeHit> hits = knowledge.search(new KnowledgeQuery(text, request.types(), null, null, k,
                request.metadata()));
        Map<String, String> names = new HashMap<>();
        hits.forEach(h -> h.entities().forEach(e -> names.putIfAbsent(e.id(), e.name())));
        hits.stream().flatMap(h -> h.facts().stream()).map(Fact::objectId)
                .filter(id -> id != null && !names.containsKey(id)).distinct().limit(MAX_NAME_LOOKUPS)
                .forEach(id -> knowledge.entity(id).ifPresent(v -> names.put(id, v.entity().name())));
        List<ContextItem> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (KnowledgeHit hit : hits) {
            if (!seen.add(hit.id())) {
                continue;
            }
            boolean episode = hit.source() == KnowledgeHit.Source.EPISODE;
            items.add(new ContextItem(hit.id(), MemoryTier.KNOWLEDGE, episode ? "episode" : "entity",
                    episode ? hit.text() : entity(hit), hit.score(), hit.at(), false));
            for (Fact fact : hit.facts()) {
                if (seen.add(fact.id())) {
                    items.add(new ContextItem(fact.id(), MemoryTier.KNOWLEDGE, "fact", fact(fact, names), hit.score(),
                            fact.validFrom(), false));
                }
            }
        }
        return items;
    }

    /** An entity hit as text: its name and type, such as {@code Ann Lee (person)}. */
    private static String entity(KnowledgeHit hit) {
        Entity self = hit.entities().stream().filter(e -> e.id().equals(hit.id())).findFirst().orElse(null);
        String email = self == null || self.email() == null ? "" : ", " + self.email();
        return hit.text() + " (" + hit.type() + email + ")";
    }

    /** A fact as short text: {@code subject predicate object-or-value (since date)}, names where they are known. */
    static String fact(Fact fact, Map<String, String> names) {
        String subject = names.getOrDefault(fact.subjectId(), fact.subjectId());
        String object = fact.objectId() != null ? names.getOrDefault(fact.objectId(), fact.objectId()) : fact.value();
        String until = fact.validTo() == null ? "" : " until " + fact.validTo().atZone(ZoneOffset.UTC).toLocalDate();
        return subject + " " + fact.predicate() + " " + object + " (since "
                + fact.validFrom().atZone(ZoneOffset.UTC).toLocalDate() + until + ")";
    }
}
