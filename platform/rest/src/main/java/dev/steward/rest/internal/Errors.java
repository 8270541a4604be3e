package dev.steward.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.InvalidFlowInputException;
import dev.steward.api.policy.PolicyRefusedException;
import dev.steward.spi.store.StoreUnavailableException;

/**
 * Turns what an endpoint throws into the API's error answer, {@code {"error": ..., "field": ...}}, following the
 * platform services' contracts: no such thing is 404, a wrong state is 409, a feature the kernel does not have yet
 * is 501, the store being down is 503.
 */
final class Errors {

    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private final Json json;

    Errors(Json json) {
        this.json = json;
    }

    ApiReply reply(Throwable e) {
        if (e instanceof ApiError error) {
            return reply(error.status(), error.getMessage(), error.field());
        }
        if (e instanceof InvalidFlowInputException invalid) {
            return reply(400, invalid.getMessage(), "input." + invalid.field());
        }
        if (e instanceof PolicyRefusedException) {
            return reply(403, e.getMessage(), null);
        }
        if (e instanceof IllegalArgumentException) {
            return reply(404, e.getMessage(), null);
        }
        if (e instanceof IllegalStateException) {
            return reply(409, e.getMessage(), null);
        }
        if (e instanceof UnsupportedOperationException) {
            return reply(501, "not implemented: " + e.getMessage(), null);
        }
        if (e instanceof StoreUnavailableException) {
            return reply(503, e.getMessage(), null);
        }
        LOG.error("REST request failed: {}", e.toString(), e);
        return reply(500, "internal error (details in the platform log)", null);
    }

    ApiReply reply(int status, String message, String field) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message == null || message.isBlank() ? "error " + status : message);
        if (field != null) {
            body.put("field", field);
        }
        return ApiReply.json(status, json.write(body));
    }
}
