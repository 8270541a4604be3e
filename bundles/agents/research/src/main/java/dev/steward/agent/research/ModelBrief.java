package dev.steward.agent.research;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.agent.AgentRequest;
import dev.steward.api.memory.ContextItem;
import dev.steward.api.model.ChatMessage;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelCallException;
import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelTier;
import dev.steward.api.model.Models;

/**
 * A brief written by a chat model, through {@link Models}: the question and the gathered items, each with its
 * citation, go to the cheap tier, which answers JSON sentences that each cite one of those items. The call is keyed
 * by the step ({@code flow/step/brief}), so a retried or resumed step gets the journaled answer and the model is not
 * paid twice. An answer that cites nothing gathered, or says nothing, is refused like a failed call.
 */
final class ModelBrief {

    /** The model's brief, with what it cost and which backend and model wrote it. */
    record Written(List<Map<String, Object>> sentences, ChatResponse answer) {
    }

    /** Why the model wrote no brief: the caller falls back to the extractive one and says why. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    static final String CALL_NAME = "brief";
    static final String SCHEMA = """
            {"type":"object","required":["brief"],"additionalProperties":false,"properties":{
             "brief":{"type":"array","items":{"type":"object","required":["citation","text"],
               "additionalProperties":false,"properties":{"citation":{"type":"string"},"text":{"type":"string"}}}}}}""";

    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;
    private final boolean remoteAllowed;

    ModelBrief(Duration timeout, boolean remoteAllowed) {
        this.timeout = timeout;
        this.remoteAllowed = remoteAllowed;
    }

    Written write(Models models, AgentRequest request, String question, List<ContextItem> items, int maxChars)
            throws Refused, ModelCallException {
        ModelCallKey key = new ModelCallKey(request.flowInstanceId(), request.stepId(), "research",
                request.capability(), CALL_NAME);
        ChatRequest ask = new ChatRequest(List.of(ChatMessage.system(instruction(maxChars)),
                ChatMessage.user(material(question, items))), ModelTier.CHEAP, SCHEMA, timeout, !remoteAllowed);
        ChatResponse answer = models.chat(key, ask);
        return new Written(sentences(answer.content(), items, maxChars), answer);
    }

    static String instruction(int maxChars) {
        return "You brief a colleague on what memory holds about a question. Use only the numbered items given. Write "
                + "short sentences, at most " + maxChars + " characters in all, the most useful first. Each sentence "
                + "states what one item says and gives that item's citation exactly as written. Answer JSON: "
                + "{\"brief\":[{\"citation\":\"...\",\"text\":\"...\"}]}.";
    }

    static String material(String question, List<ContextItem> items) {
        StringBuilder text = new StringBuilder("Question: ").append(question.strip()).append("\n\nItems:\n");
        for (ContextItem item : items) {
            text.append("- citation ").append(item.citation()).append(" (").append(item.kind()).append("): ")
                    .append(item.text().strip()).append('\n');
        }
        return text.toString();
    }

    /** The answer's sentences, cut to the length asked; refused when one cites an item not given, or none is left. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> sentences(String text, List<ContextItem> items, int maxChars)
            throws Refused {
        Map<String, Object> parsed;
        try {
            parsed = json.readValue(text, Map.class);
        } catch (Exception e) {
            throw new Refused("the model's brief is not JSON");
        }
        Set<String> citations = Set.copyOf(items.stream().map(ContextItem::citation).toList());
        List<Map<String, Object>> out = new ArrayList<>();
        int used = 0;
        for (Object o : parsed.get("brief") instanceof List<?> l ? l : List.of()) {
            Map<String, Object> sentence = o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            String citation = String.valueOf(sentence.get("citation"));
            String said = String.valueOf(sentence.get("text")).strip();
            if (!citations.contains(citation)) {
                throw new Refused("the model's brief cites '" + cut(citation) + "', which was not gathered");
            }
            if (said.isEmpty() || used + said.length() > maxChars) {
                continue;
            }
            used += said.length();
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put("citation", citation);
            kept.put("text", said);
            out.add(kept);
        }
        if (out.isEmpty()) {
            throw new Refused("the model's brief has no sentence within " + maxChars + " characters");
        }
        return out;
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
