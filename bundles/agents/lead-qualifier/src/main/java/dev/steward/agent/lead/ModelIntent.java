package dev.steward.agent.lead;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.agent.AgentRequest;
import dev.steward.api.model.ChatMessage;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelCallException;
import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelTier;
import dev.steward.api.model.Models;

/**
 * The intent of a lead's message as a chat model reads it, through {@link Models}: one cheap classification call
 * ({@code buying}, {@code question}, {@code spam} or {@code other}), keyed by the step ({@code flow/step/intent}) so
 * that a retried or resumed step gets the journaled answer. Only the message is sent, never the name or address.
 */
final class ModelIntent {

    /** The intent read, with what it cost and the model that read it. */
    record Read(String intent, ChatResponse answer) {
    }

    static final String SCHEMA = """
            {"type":"object","required":["intent"],"additionalProperties":false,"properties":{
             "intent":{"type":"string","enum":["buying","question","spam","other"]}}}""";
    static final String INSTRUCTION = "You classify the message of an inbound business lead. Answer JSON {\"intent\":"
            + " \"...\"}: buying (wants to buy, a quote, a price, to hire or order), question (asks something else),"
            + " spam (unsolicited offers, advertising, scams), or other.";

    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;
    private final boolean remoteAllowed;

    ModelIntent(Duration timeout, boolean remoteAllowed) {
        this.timeout = timeout;
        this.remoteAllowed = remoteAllowed;
    }

    /** The intent, or an exception saying why there is none (no model answered, or not one of the four). */
    Read read(Models models, AgentRequest request, String message) throws ModelCallException, IllegalStateException {
        ChatResponse answer = models.chat(new ModelCallKey(request.flowInstanceId(), request.stepId(), "lead-qualifier",
                request.capability(), "intent"), new ChatRequest(List.of(ChatMessage.system(INSTRUCTION),
                        ChatMessage.user(message)), ModelTier.CHEAP, SCHEMA, timeout, !remoteAllowed));
        Object intent;
        try {
            intent = json.readValue(answer.content(), Map.class).get("intent");
        } catch (Exception e) {
            throw new IllegalStateException("the model's answer is not JSON");
        }
        if (!List.of("buying", "question", "spam", "other").contains(intent)) {
            throw new IllegalStateException("the model's intent is not buying, question, spam or other");
        }
        return new Read((String) intent, answer);
    }
}
