package dev.steward.rest.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the API sees it, free of servlet types.
 *
 * @param method the HTTP method, upper case
 * @param path the path below the API's base path, starting with {@code /}
 * @param query the query parameters (the first value of each)
 * @param authorization the {@code Authorization} header, or {@code null}
 * @param body the request body, empty when there is none
 */
record ApiRequest(String method, String path, Map<String, String> query, String authorization, byte[] body) {

    ApiRequest {
        Objects.requireNonNull(method, "method");
        path = path == null || path.isEmpty() ? "/" : path;
        query = Map.copyOf(query == null ? Map.of() : query);
        body = body == null ? new byte[0] : body;
    }

    /**
     * Decodes a raw query string; a parameter given twice keeps its first value.
     *
     * @param raw the query string, may be {@code null}
     * @return the parameters
     */
    static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(key, value);
        }
        return params;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "malformed query string");
        }
    }
}
