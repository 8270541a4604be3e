package dev.steward.model.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.steward.api.model.ChatMessage;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ToolCall;
import dev.steward.api.model.ToolSpec;

/**
 * A client of the OpenAI-compatible {@code POST <base>/chat/completions} protocol (OpenAI, Ollama, vLLM, LM Studio):
 * messages, tools the model may call, and a JSON Schema the answer must follow ({@code response_format} of type
 * {@code json_schema}). An answer that is not what was asked for (no choice, neither text nor tool calls, text that
 * is not JSON when JSON was asked for, a tool call without a name) is a {@link ModelFailure.Kind#MALFORMED} failure.
 */
final class OpenAiChat {

    /** Price of a million tokens read and written, in US dollars. */
    record Price(BigDecimal inputPerMillion, BigDecimal outputPerMillion) {

        static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO);
        private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

        BigDecimal cost(int promptTokens, int completionTokens) {
            return inputPerMillion.multiply(BigDecimal.valueOf(promptTokens))
                    .add(outputPerMillion.multiply(BigDecimal.valueOf(completionTokens)))
                    .divide(MILLION, 8, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        }
    }

    private final OpenAiTransport transport;

    OpenAiChat(URI base, Supplier<String> apiKey, Duration connectTimeout, Clock clock) {
        this.transport = new OpenAiTransport(base, "/chat/completions", apiKey, connectTimeout, clock);
    }

    URI endpoint() {
        return transport.endpoint();
    }

    /** Asks the model for a completion of the request, within the request's timeout. */
    ChatResponse complete(ChatRequest request, String model, Price price) throws ModelFailure {
        String body = body(request, model);
        long started = System.nanoTime();
        String answer = transport.post(body, request.timeout());
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        return parse(answer, model, request.jsonSchema() != null, price, latency);
    }

    private String body(ChatRequest request, String model) throws ModelFailure {
        ObjectNode body = OpenAiTransport.JSON.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode message = messages.addObject();
            message.put("role", m.role().name().toLowerCase(Locale.ROOT));
            message.put("content", m.content());
            if (m.toolCallId() != null) {
                message.put("tool_call_id", m.toolCallId());
            }
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                for (ToolCall c : m.toolCalls()) {
                    ObjectNode call = calls.addObject();
                    call.put("id", c.id());
                    call.put("type", "function");
                    call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                }
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", t.name()).put("description", t.description());
                function.set("parameters", schema("tool " + t.name(), t.parametersSchema()));
            }
        }
        if (request.jsonSchema() != null) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema").put("name", "answer").put("strict", true)
                    .set("schema", schema("the answer", request.jsonSchema()));
        }
        return body.toString();
    }

    private JsonNode schema(String of, String text) throws ModelFailure {
        try {
            JsonNode schema = OpenAiTransport.JSON.readTree(text);
            if (schema != null && schema.isObject()) {
                return schema;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new ModelFailure(ModelFailure.Kind.REJECTED, "The JSON Schema of " + of + " is not a JSON object; nothing"
                + " was sent to " + transport.endpoint());
    }

    private ChatResponse parse(String body, String requestedModel, boolean json, Price price, Duration latency)
            throws ModelFailure {
        JsonNode root;
        try {
            root = OpenAiTransport.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw transport.malformed("chat", "not JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode message = root == null ? null : root.path("choices").path(0).get("message");
        if (message == null || !message.isObject()) {
            throw transport.malformed("chat", "no choices[0].message");
        }
        if (message.path("refusal").isTextual() && !message.get("refusal").asText().isBlank()) {
            throw new ModelFailure(ModelFailure.Kind.REJECTED, transport.endpoint() + ": the model refused: "
                    + cut(message.get("refusal").asText()));
        }
        List<ToolCall> calls = toolCalls(message.get("tool_calls"));
        String content = message.path("content").isTextual() ? message.get("content").asText() : null;
        if (content == null && calls.isEmpty()) {
            throw transport.malformed("chat", "the message has neither content nor tool calls");
        }
        if (json && calls.isEmpty()) {
            checkJson(content, root.path("choices").path(0).path("finish_reason").asText(""));
        }
        JsonNode usage = root.path("usage");
        int prompt = Math.max(0, usage.path("prompt_tokens").asInt(0));
        int completion = Math.max(0, usage.path("completion_tokens").asInt(0));
        String model = root.path("model").isTextual() && !root.get("model").asText().isBlank()
                ? root.get("model").asText() : requestedModel;
        return new ChatResponse(content == null ? "" : content, model, prompt, completion,
                price.cost(prompt, completion), latency, calls);
    }

    private List<ToolCall> toolCalls(JsonNode node) throws ModelFailure {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw transport.malformed("chat", "tool_calls is not an array");
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : node) {
            String id = c.path("id").asText("");
            String name = c.path("function").path("name").asText("");
            JsonNode arguments = c.path("function").path("arguments");
            if (id.isBlank() || name.isBlank() || !arguments.isTextual()) {
                throw transport.malformed("chat", "a tool call lacks its id, function name or arguments");
            }
            calls.add(new ToolCall(id, name, arguments.asText()));
        }
        return calls;
    }

    private void checkJson(String content, String finishReason) throws ModelFailure {
        try {
            JsonNode parsed = OpenAiTransport.JSON.readTree(content);
            if (parsed != null && (parsed.isObject() || parsed.isArray())) {
                return;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw transport.malformed("chat", "JSON was asked for and the answer is not a JSON document"
                + ("length".equals(finishReason) ? " (cut off: finish_reason length)" : ""));
    }

    private static String cut(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
