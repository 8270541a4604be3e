package dev.steward.rest.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a method and a path such as {@code /flows/f-1/signals/go} to the endpoint that serves it, by patterns
 * like {@code /flows/{id}/signals/{name}}: a {@code {name}} segment matches any one non-empty segment.
 */
final class Router {

    /** What an endpoint does with a call. */
    @FunctionalInterface
    interface Handler {
        ApiReply handle(Call call) throws Exception;
    }

    /**
     * A request routed to an endpoint.
     *
     * @param request the request
     * @param params the values of the pattern's {@code {name}} segments
     * @param caller who calls; {@code null} on public endpoints
     */
    record Call(ApiRequest request, Map<String, String> params, Caller caller) {

        String param(String name) {
            return params.get(name);
        }
    }

    /**
     * One endpoint.
     *
     * @param method the HTTP method
     * @param pattern the path pattern
     * @param role what the caller must be
     * @param handler what it does
     */
    record Route(String method, String pattern, Role role, Handler handler) {
    }

    /**
     * A route that matched, with the values of its {@code {name}} segments.
     *
     * @param route the route
     * @param params the segment values by name
     */
    record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Role role, Handler handler) {
        routes.add(new Route(method, pattern, role, handler));
        return this;
    }

    /**
     * Finds the endpoint for a request.
     *
     * @param method the HTTP method
     * @param path the path below the base path
     * @return the match, or empty when no endpoint has this method and path
     */
    Optional<Match> match(String method, String path) {
        List<String> segments = segments(path);
        for (Route route : routes) {
            if (route.method().equals(method)) {
                Map<String, String> params = bind(segments(route.pattern()), segments);
                if (params != null) {
                    return Optional.of(new Match(route, params));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Tells which methods a path has, to tell "no such method" (405) from "no such path" (404).
     *
     * @param path the path below the base path
     * @return the methods of every route whose pattern matches the path
     */
    Set<String> methods(String path) {
        List<String> segments = segments(path);
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (bind(segments(route.pattern()), segments) != null) {
                methods.add(route.method());
            }
        }
        return methods;
    }

    private static Map<String, String> bind(List<String> pattern, List<String> segments) {
        if (pattern.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String expected = pattern.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                params.put(expected.substring(1, expected.length() - 1), segments.get(i));
            } else if (!expected.equals(segments.get(i))) {
                return null;
            }
        }
        return params;
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
