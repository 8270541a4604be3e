package dev.steward.rest.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.policy.PolicyRefusedException;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.rest.internal.Router.Call;

/**
 * The knowledge bank endpoints: search and entity views (viewer), resolving entities and recording episodes and
 * facts (operator), and forgetting a subject (admin, as the authenticated user). Each call is one call of
 * {@link KnowledgeBank}; input it refuses is the request's fault (400), not a missing resource.
 */
final class MemoryResource {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final String META = "meta.";

    private final Json json;
    private final Supplier<KnowledgeBank> knowledge;
    private final Clock clock;

    MemoryResource(Json json, Supplier<KnowledgeBank> knowledge) {
        this(json, knowledge, Clock.systemUTC());
    }

    MemoryResource(Json json, Supplier<KnowledgeBank> knowledge, Clock clock) {
        this.json = json;
        this.knowledge = knowledge;
        this.clock = clock;
    }

    void addTo(Router router) {
        router.add("GET", "/memory/search", Role.VIEWER, this::search)
                .add("GET", "/memory/entities/{id}", Role.VIEWER, this::entity)
                .add("POST", "/memory/entities", Role.OPERATOR, call -> ok(EntityBody.resolve(
                        json.readObject(call.request().body(), "the entity"), call.caller(), knowledge())))
                .add("POST", "/memory/episodes", Role.OPERATOR, this::recordEpisode)
                .add("POST", "/memory/episodes/bulk", Role.OPERATOR,
                        call -> ok(new EpisodeBulk(json, clock).ingest(knowledge(), call.request().body(), call.caller())))
                .add("POST", "/memory/facts", Role.OPERATOR, this::assertFact)
                .add("DELETE", "/memory/subjects/{entityId}", Role.ADMIN, this::forget);
    }

    private ApiReply search(Call call) {
        Map<String, String> query = call.request().query();
        String text = query.get("q");
        if (text == null || text.isBlank()) {
            throw new ApiError(400, "q is required: the text to search for", "q");
        }
        String limitField = query.containsKey("k") ? "k" : "limit";
        int limit = limit(query.get(limitField), limitField);
        Instant from = instant(query.get("from"), "from");
        Instant to = instant(query.get("to"), "to");
        if (from != null && to != null && !to.isAfter(from)) {
            throw new ApiError(400, "to " + to + " must be after from " + from, "to");
        }
        KnowledgeBank bank = knowledge();
        return ok(refused(() -> bank.search(new KnowledgeQuery(text, types(query.get("type")), from, to, limit,
                metadata(query)))));
    }

    /** The {@code meta.<key>=<value>} parameters: metadata every hit must have been stored with. */
    static Map<String, String> metadata(Map<String, String> query) {
        Map<String, String> metadata = new TreeMap<>();
        query.forEach((name, value) -> {
            if (name.startsWith(META)) {
                if (name.length() == META.length()) {
                    throw new ApiError(400, "a metadata filter is meta.<key>=<value>, such as meta.session=s2", name);
                }
                metadata.put(name.substring(META.length()), value);
            }
        });
        return metadata;
    }

    private ApiReply entity(Call call) {
        String id = call.param("id");
        return ok(knowledge().entity(id).orElseThrow(() -> new ApiError(404, "no entity with id '" + id + "'")));
    }

    private ApiReply recordEpisode(Call call) {
        EpisodeBody episode = EpisodeBody.read(json.readObject(call.request().body(), "the episode"), call.caller(), clock);
        KnowledgeBank bank = knowledge();
        return ApiReply.json(201, json.write(refused(() -> episode.recordIn(bank))));
    }

    private ApiReply assertFact(Call call) {
        var assertion = FactBody.read(json.readObject(call.request().body(), "the fact"), call.caller(), clock);
        KnowledgeBank bank = knowledge();
        return ApiReply.json(201, json.write(refused(() -> bank.assertFact(assertion))));
    }

    private ApiReply forget(Call call) {
        String entityId = call.param("entityId");
        int erased = knowledge().forgetSubject(entityId, call.caller().name());
        return ok(Map.of("entityId", entityId, "erased", erased));
    }

    /**
     * Runs a knowledge bank call whose {@link IllegalArgumentException} means the request is wrong (400) and whose
     * {@link PolicyRefusedException} means a policy refused the write (403).
     */
    static <T> T refused(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        } catch (PolicyRefusedException e) {
            throw new ApiError(403, e.getMessage());
        }
    }

    private static int limit(String text, String field) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(400, field + " '" + text + "' must be a number from 1 to " + MAX_LIMIT, field);
    }

    private static Instant instant(String text, String field) {
        return text == null || text.isEmpty() ? null : RequestFields.instant(text, field);
    }

    private static Set<String> types(String text) {
        return text == null ? Set.of() : Arrays.stream(text.split(",")).map(String::strip).filter(t -> !t.isEmpty())
                .collect(Collectors.toSet());
    }

    private KnowledgeBank knowledge() {
        KnowledgeBank service = knowledge.get();
        if (service == null) {
            throw new ApiError(503, "the knowledge bank is not available (bundle dev.steward.memory is not running)");
        }
        return service;
    }

    private ApiReply ok(Object value) {
        return ApiReply.json(200, json.write(value));
    }
}
