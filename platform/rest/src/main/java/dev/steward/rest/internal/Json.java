package dev.steward.rest.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.governance.ExceptionTime;
import dev.steward.api.governance.Ratio;
import dev.steward.api.policy.BudgetUsage;
import dev.steward.api.status.PlatformStatus;

/**
 * The API's JSON: the platform's records as they are (their components are the fields), instants and durations
 * as ISO-8601 strings, and the derived facts clients need ({@code ready}, {@code fullyReversible}, a budget's
 * {@code leftUsd}, a ratio's
 * {@code percent}, the exceptions' {@code total}).
 */
final class Json {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final ObjectMapper mapper;

    Json() {
        SimpleModule time = new SimpleModule("steward-time")
                .addSerializer(Instant.class, ToStringSerializer.instance)
                .addSerializer(Duration.class, ToStringSerializer.instance)
                .addSerializer(LocalDate.class, ToStringSerializer.instance);
        mapper = JsonMapper.builder()
                .addModule(time)
                .addMixIn(PlatformStatus.class, ReadyMixin.class)
                .addMixIn(RollbackPreview.class, ReversibleMixin.class)
                .addMixIn(Ratio.class, PercentMixin.class)
                .addMixIn(ExceptionTime.class, TotalMixin.class)
                .addMixIn(BudgetUsage.class, LeftMixin.class)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a request body that must be one JSON object.
     *
     * @param body the body
     * @param what what the body is, for the error message
     * @return the object
     * @throws ApiError 400 when the body is not JSON or not an object
     */
    JsonNode readObject(byte[] body, String what) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiError(400, "unreadable body: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new ApiError(400, what + " is required");
        }
        if (!node.isObject()) {
            throw new ApiError(400, what + " must be a JSON object");
        }
        return node;
    }

    Map<String, Object> toMap(JsonNode object) {
        return new LinkedHashMap<>(mapper.convertValue(object, OBJECT));
    }

    /** Adds {@link PlatformStatus#ready()} to the status. */
    abstract static class ReadyMixin {
        @JsonProperty("ready")
        abstract boolean ready();
    }

    /** Adds {@link RollbackPreview#fullyReversible()} to the preview. */
    abstract static class ReversibleMixin {
        @JsonProperty("fullyReversible")
        abstract boolean fullyReversible();
    }

    /** Adds {@link BudgetUsage#leftUsd()} to a budget's usage. */
    abstract static class LeftMixin {
        @JsonProperty("leftUsd")
        abstract BigDecimal leftUsd();
    }

    /** Adds {@link Ratio#percent()} to a ratio. */
    abstract static class PercentMixin {
        @JsonProperty("percent")
        abstract double percent();
    }

    /** Adds {@link ExceptionTime#total()} to the exception time. */
    abstract static class TotalMixin {
        @JsonProperty("total")
        abstract Duration total();
    }
}
