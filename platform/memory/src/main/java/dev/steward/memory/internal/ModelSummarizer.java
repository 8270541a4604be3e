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
import dev.steward.api.model.ModelTier;
import dev.steward.spi.memory.Summarizer;
import dev.steward.spi.model.ModelBackend;

/**
 * Summarizes session turns with a chat model, through the model backend registered with {@code chat=true}. Turns
 * marked {@code sensitive=true} go only to a backend whose models run here ({@code BackendDescriptor.local}), as for
 * embeddings: for a remote one it refuses, and the memory's extractive summarizer writes that summary instead.
 */
@Component(service = Summarizer.class, property = "summarizer.id=" + ModelSummarizer.ID)
public final class ModelSummarizer implements Summarizer {

    /** Its id: {@code summarizer = model} in {@code etc/dev.steward.memory.sessions.cfg} selects it. */
    public static final String ID = "model";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(chat=true)")
    private volatile ModelBackend chat;

    private final Supplier<ModelBackend> backend;

    /** The component, on the registered chat backend. */
    @Activate
    public ModelSummarizer() {
        this.backend = () -> chat;
    }

    /** On this backend ({@code null} for none): tests. */
    ModelSummarizer(ModelBackend backend) {
        this.backend = () -> backend;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summarize(List<Turn> turns, int maxChars) throws Exception {
        ModelBackend b = backend.get();
        if (b == null) {
            throw new IllegalStateException("no chat model backend (a ModelBackend service with chat=true) is registered");
        }
        boolean sensitive = turns.stream().anyMatch(t -> Embedder.sensitive(t.metadata()));
        if (sensitive && !b.descriptor().local()) {
            throw new IllegalStateException("turns marked sensitive are not sent to the remote model backend "
                    + b.descriptor().id());
        }
        ChatResponse answer = b.chat(new ChatRequest(List.of(ChatMessage.system(instruction(maxChars)),
                ChatMessage.user(transcript(turns))), ModelTier.CHEAP, null, TIMEOUT, sensitive));
        String summary = answer.content().strip();
        if (summary.isEmpty()) {
            throw new IllegalStateException("model " + answer.model() + " answered with an empty summary");
        }
        return ExtractiveSummarizer.cut(summary, maxChars);
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
