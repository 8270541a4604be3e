package dev.steward.rest.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.steward.api.memory.FactAssertion;

/**
 * A fact as a client asserts it: {@code {subjectId, predicate, objectId | value, singleValued, confidence,
 * validFrom, validTo, source}}, read strictly into a {@link FactAssertion}.
 */
final class FactBody {

    private static final Set<String> FIELDS = Set.of("subjectId", "predicate", "objectId", "value", "singleValued",
            "confidence", "validFrom", "validTo", "source");

    private FactBody() {
    }

    static FactAssertion read(JsonNode body, Caller caller, Clock clock) {
        RequestFields fields = new RequestFields(body, FIELDS);
        String subject = fields.requiredText("subjectId", "the id of the entity the fact is about");
        String predicate = fields.requiredText("predicate", "what the fact says, such as worksFor");
        String object = fields.text("objectId", null);
        String value = fields.text("value", null);
        if ((object == null) == (value == null)) {
            throw new ApiError(400, "exactly one of objectId (an entity id) and value (a string) is required", "objectId");
        }
        boolean single = flag(fields.node("singleValued"));
        double confidence = confidence(fields.node("confidence"));
        Instant from = fields.instant("validFrom", clock.instant());
        Instant to = fields.instant("validTo", (Instant) null);
        if (to != null && !to.isAfter(from)) {
            throw new ApiError(400, "validTo " + to + " must be after validFrom " + from, "validTo");
        }
        try {
            return new FactAssertion(subject, predicate, object, value, single, confidence, from, to,
                    fields.provenance("source", caller));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
    }

    private static boolean flag(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new ApiError(400, "singleValued must be true or false", "singleValued");
        }
        return node.booleanValue();
    }

    private static double confidence(JsonNode node) {
        if (node == null) {
            return 1.0;
        }
        if (!node.isNumber() || !(node.doubleValue() >= 0 && node.doubleValue() <= 1)) {
            throw new ApiError(400, "confidence must be a number from 0 to 1", "confidence");
        }
        return node.doubleValue();
    }
}
