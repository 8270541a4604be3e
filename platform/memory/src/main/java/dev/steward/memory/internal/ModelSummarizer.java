package dev.steward.memory.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.steward.api.memory.Turn;
import dev.steward.api.model.ChatMessage;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelTier;
import dev.steward.api.model.Models;
import dev.steward.spi.memory.Summarizer;

/**
 * Summarizes session turns with a chat model, through the platform's model router ({@link Models}), so that the call
 * is routed, counted and journaled like an agent's. Turns marked {@code sensitive=true} make the request sensitive,
 * which the router sends only to a backend whose models run here; when none answers, the memory's extractive
 * summarizer writes that summary instead. The call is keyed by the session and the range of turns it covers
 * ({@code session:<id>/summary-<first>-<last>/summary}), so an upkeep that is run again for the same range (after a
 * failure to write the summary, or by a second node) reuses the answer already paid for.
 */
@Component(service = Summarizer.class, property = "summarizer.id=" + ModelSummarizer.ID)
public final class ModelSummarizer implements Summarizer {

    /** Its id: {@code summarizer = model} in {@code etc/dev.steward.memory.sessions.cfg} selects it. */
    public static final String ID = "model";
    /** The agent id its calls are journaled and routed under ({@code tier.agent.memory}). */
    static final String AGENT = "memory";
    /** The capability its calls are journaled and routed under ({@code tier.capability.memory.summarize}). */
    static final String CAPABILITY = "memory.summarize";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Models router;

    private final Supplier<Models> models;

    /** The component, on the platform's model router. */
    @Activate
    public ModelSummarizer() {
        this.models = () -> router;
    }

    /** On these models ({@code null} for none): tests. */
    ModelSummarizer(Models models) {
        this.models = () -> models;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summarize(List<Turn> turns, int maxChars) throws Exception {
        Models m = models.get();
        if (m == null) {
            throw new IllegalStateException("no model router (the Models service of dev.steward.model) is running");
        }
        boolean sensitive = turns.stream().anyMatch(t -> Embedder.sensitive(t.metadata()));
        ChatResponse answer = m.chat(key(turns), new ChatRequest(List.of(ChatMessage.system(instruction(maxChars)),
                ChatMessage.user(transcript(turns))), ModelTier.CHEAP, null, TIMEOUT, sensitive));
        String summary = answer.content().strip();
        if (summary.isEmpty()) {
            throw new IllegalStateException("model " + answer.model() + " answered with an empty summary");
        }
        return ExtractiveSummarizer.cut(summary, maxChars);
    }

    /** The call's key: the session, and the range of turns the summary covers. */
    static ModelCallKey key(List<Turn> turns) {
        long first = turns.stream().mapToLong(Turn::seq).min().orElseThrow();
        long last = turns.stream().mapToLong(Turn::seq).max().orElseThrow();
        return new ModelCallKey(flowOf(turns.get(0).sessionId()), "summary-" + first + "-" + last, AGENT, CAPABILITY,
                "summary");
    }

    /** The flow id a session's summary calls are journaled under: forgetting the session erases them too. */
    static String flowOf(String sessionId) {
        return "session:" + sessionId;
    }
    static String instruction(int maxChars) {
        return "You summarize the older part of a conversation so that an assistant can remember it. Write plain text of "
                + "at most " + maxChars + " characters. Keep who said what, names, figures, dates, requests, decisions and "
                + "open questions. Add nothing that is not in the turns. Answer with the summary only.";
    }

    static String transcript(List<Turn> turns) {
        StringBuilder text = new StringBuilder();
        for (Turn t : turns) {
            text.append('[').append(t.seq()).append("] ").append(t.speaker()).append(" (").append(t.occurredAt())
                    .append("): ").append(t.text().strip()).append('\n');
        }
        return text.toString();
    }
}
