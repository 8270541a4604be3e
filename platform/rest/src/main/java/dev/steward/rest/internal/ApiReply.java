package dev.steward.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP answer: status, content type, body text and extra headers.
 *
 * @param status the HTTP status
 * @param contentType the content type of the body
 * @param body the body text
 * @param headers extra headers
 */
record ApiReply(int status, String contentType, String body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";

    ApiReply {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    static ApiReply json(int status, String json) {
        return new ApiReply(status, JSON, json, Map.of());
    }

    ApiReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiReply(status, contentType, body, more);
    }
}
