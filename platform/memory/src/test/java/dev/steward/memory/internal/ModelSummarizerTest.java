package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.Turn;
import dev.steward.api.model.ChatMessage;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelCallException;
import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelCallRecord;
import dev.steward.api.model.ModelTier;
import dev.steward.api.model.Models;
import dev.steward.spi.memory.Summarizer;

/** The model summarizer's prompt, its key, its sensitive requests, and the memory's fallback to the extractive one. */
@Timeout(30)
class ModelSummarizerTest {

    static final Provenance P = new Provenance("connector", "chat", null, null);
    static final Instant T = Instant.parse("2026-11-30T09:00:00Z");

    final Turn plain = new Turn("t-1", "s", 1, "client", "The parcel arrived damaged.", T, null, P);
    final Turn secret = new Turn("t-2", "s", 2, "client", "My health insurance number is 123.", T,
            Map.of("sensitive", "true"), P);

    /**
     * Stands in for the platform's model router over a paid chat API: records keys and requests, answers what it is
     * told to, and refuses a sensitive request as the router does when no local backend serves the tier.
     */
    static final class RouterStandIn implements Models {
        final List<ModelCallKey> keys = new ArrayList<>();
        final List<ChatRequest> requests = new ArrayList<>();
        String answer = "The client's parcel arrived damaged.";
        RuntimeException failure;

        @Override
        public ChatResponse chat(ModelCallKey key, ChatRequest request) throws ModelCallException {
            keys.add(key);
            if (request.containsSensitive()) {
                throw new ModelCallException("No model answered call " + key.value(),
                        List.of("no chat backend serves the cheap tier locally (the request is sensitive)"), false);
            }
            requests.add(request);
            if (failure != null) {
                throw failure;
            }
            return new ChatResponse(answer, "stand-in", 1, 1, null, Duration.ZERO);
        }

        @Override
        public List<ModelCallRecord> calls(String flowInstanceId) {
            return List.of();
        }
    }

    @Test
    void itAsksTheRouterWithAShortInstructionAndTheTranscriptKeyedBySessionAndRange() throws Exception {
        RouterStandIn router = new RouterStandIn();
        Turn later = new Turn("t-3", "s", 3, "agent", "We will send a new one.", T, null, P);
        assertEquals("The client's parcel arrived damaged.", new ModelSummarizer(router).summarize(List.of(plain, later),
                500));
        ChatRequest request = router.requests.get(0);
        assertEquals(List.of(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER),
                request.messages().stream().map(ChatMessage::role).toList());
        assertTrue(request.messages().get(0).content().contains("at most 500 characters"));
        assertEquals("[1] client (2026-11-30T09:00:00Z): The parcel arrived damaged.\n"
                + "[3] agent (2026-11-30T09:00:00Z): We will send a new one.\n", request.messages().get(1).content());
        assertEquals(ModelTier.CHEAP, request.tier());
        assertEquals(false, request.containsSensitive());
        ModelCallKey key = router.keys.get(0);
        assertEquals("session:s/summary-1-3/summary", key.value(), "the same range of a session is the same call");
        assertEquals(List.of("memory", "memory.summarize"), List.of(key.agentId(), key.capability()));
    }

    @Test
    void sensitiveTurnsMakeASensitiveRequestWhichTheRouterKeepsLocal() {
        RouterStandIn router = new RouterStandIn();
        ModelCallException refused = assertThrows(ModelCallException.class,
                () -> new ModelSummarizer(router).summarize(List.of(plain, secret), 500));
        assertTrue(refused.failures().get(0).contains("locally (the request is sensitive)"));
        assertEquals(List.of(), router.requests, "nothing was answered");
        assertEquals(1, router.keys.size(), "the request went to the router, marked sensitive");
    }

    @Test
    void withoutARouterOrWithAnEmptyAnswerItFailsAndAnOverlongOneIsCut() throws Exception {
        assertThrows(IllegalStateException.class, () -> new ModelSummarizer(null).summarize(List.of(plain), 500));
        RouterStandIn router = new RouterStandIn();
        router.answer = "  ";
        assertThrows(IllegalStateException.class, () -> new ModelSummarizer(router).summarize(List.of(plain), 500));
        router.answer = "word ".repeat(100);
        assertEquals(30, new ModelSummarizer(router).summarize(List.of(plain), 30).length());
    }

    @Test
    void theMemoryFallsBackToTheExtractiveSummarizerAndSaysSo() {
        RouterStandIn remote = new RouterStandIn();
        List<Summarizer> registered = List.of(new ModelSummarizer(remote));
        SummarizerChoice choice = new SummarizerChoice(ModelSummarizer.ID, () -> registered);

        assertEquals(new SummarizerChoice.Written("The client's parcel arrived damaged.", "model", null),
                choice.summarize(List.of(plain), 500));
        assertEquals(new SummarizerChoice.Written("client: The parcel arrived damaged.\nclient: My health insurance "
                + "number is 123.", "extractive", "model"), choice.summarize(List.of(plain, secret), 500));
        remote.failure = new IllegalStateException("429 rate limited");
        assertEquals("extractive", choice.summarize(List.of(plain), 500).summarizer());
        assertEquals(2, choice.fallbacks());

        SummarizerChoice missing = new SummarizerChoice("premium", () -> registered);
        assertEquals(new SummarizerChoice.Written("client: The parcel arrived damaged.", "extractive", "premium"),
                missing.summarize(List.of(plain), 500));
        Summarizer verbose = new Summarizer() {
            @Override
            public String id() {
                return "verbose";
            }

            @Override
            public String summarize(List<Turn> turns, int maxChars) {
                return "x".repeat(maxChars + 1);
            }
        };
        assertEquals("extractive", new SummarizerChoice("verbose", () -> List.of(verbose)).summarize(List.of(plain), 50)
                .summarizer());
    }
}
