package dev.steward.connector.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The validated settings of the outbound connector.
 *
 * @param allowed URL prefixes a POST may go to, each ending in {@code /}
 * @param connectTimeout how long connecting may take
 * @param requestTimeout how long the answer may take
 * @param retries how often a POST that failed in passing is sent again
 * @param retryDelay the delay before the first retry (doubling after)
 * @param breakerFailureRate the percentage of failures that opens the breaker
 * @param breakerWindow the calls the breaker looks at
 * @param breakerOpen how long the breaker stays open
 */
record PostSettings(List<String> allowed, Duration connectTimeout, Duration requestTimeout, int retries, Duration retryDelay,
        int breakerFailureRate, int breakerWindow, Duration breakerOpen) {

    static final String PID = "dev.steward.connector.webhook.post";

    PostSettings {
        allowed = List.copyOf(allowed);
        for (String prefix : allowed) {
            URI uri = parse(prefix);
            if (uri == null || !isHttp(uri) || uri.getHost() == null || !prefix.endsWith("/")) {
                throw invalid("allowed.urls", "must list http or https URL prefixes ending in /, was '" + prefix + "'");
            }
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw invalid("connect.timeout.ms", "and request.timeout.ms must be positive");
        }
        if (retries < 0 || retryDelay.isNegative()) {
            throw invalid("retry.attempts", "and retry.delay.ms must be 0 or more");
        }
        if (breakerFailureRate < 1 || breakerFailureRate > 100) {
            throw invalid("breaker.failure.rate", "must be 1 to 100, was " + breakerFailureRate);
        }
        if (breakerWindow < 1 || breakerOpen.isNegative() || breakerOpen.isZero()) {
            throw invalid("breaker.window", "and breaker.open.seconds must be positive");
        }
    }

    static PostSettings of(WebhookPostConfig c) {
        List<String> allowed = Arrays.stream(c.allowed_urls().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new PostSettings(allowed, Duration.ofMillis(c.connect_timeout_ms()), Duration.ofMillis(c.request_timeout_ms()),
                c.retry_attempts(), Duration.ofMillis(c.retry_delay_ms()), c.breaker_failure_rate(), c.breaker_window(),
                Duration.ofSeconds(c.breaker_open_seconds()));
    }

    /**
     * @return the URL of an effect, when it is an http(s) URL without query or fragment under an allowed prefix
     * @throws IllegalArgumentException naming what is wrong (not the URL: it may carry a token)
     */
    URI target(Object url) {
        URI uri = url instanceof String s ? parse(s) : null;
        if (uri == null || !isHttp(uri) || uri.getHost() == null) {
            throw new IllegalArgumentException("webhook.post needs the payload field url, an http or https URL");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("webhook.post url must have no query, fragment or user info");
        }
        String text = uri.toString();
        if (allowed.stream().noneMatch(text::startsWith)) {
            throw new IllegalArgumentException("webhook.post to " + uri.getHost() + " is not allowed: add its URL prefix to "
                    + "allowed.urls in etc/" + PID + ".cfg");
        }
        return uri;
    }

    /** @return the camel-netty-http producer URI for a target */
    String endpointUri(URI target) {
        return "netty-http:" + target + "?throwExceptionOnFailure=false&connectTimeout=" + connectTimeout.toMillis()
                + "&requestTimeout=" + requestTimeout.toMillis();
    }

    private static URI parse(String s) {
        try {
            return new URI(s);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }

    private static IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException(key + " in etc/" + PID + ".cfg " + problem);
    }
}
