package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.Turn;
import dev.steward.api.model.BackendDescriptor;
import dev.steward.api.model.ChatMessage;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.EmbeddingRequest;
import dev.steward.api.model.EmbeddingResponse;
import dev.steward.api.model.ModelTier;
import dev.steward.spi.memory.Summarizer;
import dev.steward.spi.model.ModelBackend;

/** The model-backed summarizer's prompt, its sensitivity rule, and the memory's fallback to the extractive one. */
@Timeout(30)
class ModelSummarizerTest {

    static final Provenance P = new Provenance("connector", "chat", null, null);
    static final Instant T = Instant.parse("2026-11-30T09:00:00Z");

    final Turn plain = new Turn("t-1", "s", 1, "client", "The parcel arrived damaged.", T, null, P);
    final Turn secret = new Turn("t-2", "s", 2, "client", "My health insurance number is 123.", T,
            Map.of("sensitive", "true"), P);

    /** Stands in for a paid chat API: records requests, answers what it is told to. */
    static final class ChatStandIn implements ModelBackend {
        final List<ChatRequest> requests = new ArrayList<>();
        final BackendDescriptor descriptor;
        String answer = "The client's parcel arrived damaged.";
        RuntimeException failure;

        ChatStandIn(boolean local) {
            descriptor = new BackendDescriptor(local ? "local" : "remote", local, Set.of(ModelTier.CHEAP));
        }

        @Override
        public BackendDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            requests.add(request);
            if (failure != null) {
                throw failure;
            }
            return new ChatResponse(answer, "stand-in", 1, 1, null, Duration.ZERO);
        }

        @Override
        public EmbeddingResponse embed(EmbeddingRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void itAsksTheModelWithAShortInstructionAndTheTranscript() throws Exception {
        ChatStandIn remote = new ChatStandIn(false);
        assertEquals("The client's parcel arrived damaged.", new ModelSummarizer(remote).summarize(List.of(plain), 500));
        ChatRequest request = remote.requests.get(0);
        assertEquals(List.of(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER),
                request.messages().stream().map(ChatMessage::role).toList());
        assertTrue(request.messages().get(0).content().contains("at most 500 characters"));
        assertEquals("[1] client (2026-11-30T09:00:00Z): The parcel arrived damaged.\n", request.messages().get(1).content());
        assertEquals(ModelTier.CHEAP, request.tier());
        assertEquals(false, request.containsSensitive());
    }

    @Test
    void sensitiveTurnsNeverGoToARemoteBackendButMayGoToALocalOne() throws Exception {
        ChatStandIn remote = new ChatStandIn(false);
        assertEquals("turns marked sensitive are not sent to the remote model backend remote",
                assertThrows(IllegalStateException.class,
                        () -> new ModelSummarizer(remote).summarize(List.of(plain, secret), 500)).getMessage());
        assertEquals(List.of(), remote.requests, "nothing was sent");

        ChatStandIn local = new ChatStandIn(true);
        new ModelSummarizer(local).summarize(List.of(plain, secret), 500);
        assertTrue(local.requests.get(0).containsSensitive());
    }

    @Test
    void withoutABackendOrWithAnEmptyAnswerItFailsAndAnOverlongOneIsCut() throws Exception {
        assertThrows(IllegalStateException.class, () -> new ModelSummarizer(null).summarize(List.of(plain), 500));
        ChatStandIn local = new ChatStandIn(true);
        local.answer = "  ";
        assertThrows(IllegalStateException.class, () -> new ModelSummarizer(local).summarize(List.of(plain), 500));
        local.answer = "word ".repeat(100);
        assertEquals(30, new ModelSummarizer(local).summarize(List.of(plain), 30).length());
    }

    @Test
    void theMemoryFallsBackToTheExtractiveSummarizerAndSaysSo() {
        ChatStandIn remote = new ChatStandIn(false);
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
