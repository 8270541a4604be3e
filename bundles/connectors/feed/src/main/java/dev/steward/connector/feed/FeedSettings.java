package dev.steward.connector.feed;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated settings of one feed. The URL's query may hold an access token: {@link #where()} and
 * {@link #toString()} show the scheme, host, port and path only.
 *
 * @param name the feed's name, part of its route ids, its repository name and every start key
 * @param url the feed's http or https URL
 * @param flow the flow definition a new item starts
 * @param poll the time between two polls
 * @param firstPoll the time from the start of the route to the first poll
 * @param maxDocumentBytes the largest document read
 * @param connectTimeout the time to connect
 * @param readTimeout the time to receive the whole document once connected
 * @param redeliveries how often a failed flow start is retried
 * @param redeliveryDelay the delay before the first retry
 */
record FeedSettings(String name, URI url, String flow, Duration poll, Duration firstPoll, int maxDocumentBytes,
        Duration connectTimeout, Duration readTimeout, int redeliveries, Duration redeliveryDelay) {

    static final String PID = "dev.steward.connector.feed";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    FeedSettings {
        if (!NAME.matcher(name).matches()) {
            throw invalid(name, "name", "must be 1 to 64 letters, digits, - or _, was '" + name + "'");
        }
        checkUrl(name, url);
        if (flow.isBlank()) {
            throw invalid(name, "flow", "must name the flow definition a new item starts");
        }
        if (poll.isNegative() || poll.isZero() || firstPoll.isNegative()) {
            throw invalid(name, "poll.seconds", "must be positive (and first.poll.delay.ms 0 or more)");
        }
        if (maxDocumentBytes < 1) {
            throw invalid(name, "max.document.bytes", "must be positive, was " + maxDocumentBytes);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw invalid(name, "connect.timeout.ms", "and read.timeout.ms must be positive");
        }
        if (redeliveries < 0 || redeliveryDelay.isNegative()) {
            throw invalid(name, "redelivery.attempts", "and redelivery.delay.ms must be 0 or more");
        }
    }

    private static void checkUrl(String name, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            // file: would let whoever writes a feed file read any local file into a flow
            throw invalid(name, "url", "must be an http or https URL (file: and other schemes are refused), was '"
                    + (scheme.isEmpty() ? "no scheme" : scheme + ":") + "'");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw invalid(name, "url", "must name a host");
        }
        if (url.getRawUserInfo() != null) {
            throw invalid(name, "url", "must not carry a user name or password");
        }
    }

    /** Reads a feed's configuration; the name defaults to the {@code <name>} of its file name. */
    static FeedSettings of(FeedConfig config, Map<String, Object> properties) {
        String name = config.name().isBlank() ? nameFromFile(properties.get("felix.fileinstall.filename")) : config.name().strip();
        if (config.url().isBlank()) {
            throw invalid(name, "url", "must be set to the feed's http or https URL");
        }
        URI url;
        try {
            url = new URI(config.url().strip());
        } catch (java.net.URISyntaxException e) {
            throw invalid(name, "url", "is not a valid URL: " + e.getReason());
        }
        if (config.poll_seconds() < 1) {
            throw invalid(name, "poll.seconds", "must be at least 1, was " + config.poll_seconds());
        }
        return new FeedSettings(name, url, config.flow().strip(), Duration.ofSeconds(config.poll_seconds()),
                Duration.ofMillis(config.first_poll_delay_ms()), config.max_document_bytes(),
                Duration.ofMillis(config.connect_timeout_ms()), Duration.ofMillis(config.read_timeout_ms()),
                config.redelivery_attempts(), Duration.ofMillis(config.redelivery_delay_ms()));
    }

    private static String nameFromFile(Object file) {
        if (file == null) {
            return "";
        }
        String f = file.toString();
        f = f.substring(f.lastIndexOf('/') + 1);
        String prefix = PID + "-";
        return f.startsWith(prefix) && f.endsWith(".cfg") ? f.substring(prefix.length(), f.length() - 4) : "";
    }

    String routeId() {
        return "steward-connector-feed-" + name;
    }

    /** The timer that polls the feed. */
    String pollUri() {
        return "timer:" + routeId() + "?delay=" + firstPoll.toMillis() + "&period=" + poll.toMillis();
    }

    /** The internal entry point of a new item, where a replay from the exceptions inbox comes in. */
    String itemUri() {
        return "direct:" + routeId() + "-item";
    }

    /** The fabric's durable repository of the items this feed has handled. */
    String repository() {
        return "feed-" + name;
    }

    /** @return the start key of an item: unique per feed, the same on every poll */
    String startKey(String itemId) {
        return "feed-" + name + ":" + itemId;
    }

    /** @return the URL without its query, fragment or user info: safe to log and show */
    String where() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath());
    }

    private static IllegalArgumentException invalid(String name, String key, String problem) {
        return new IllegalArgumentException(key + " in etc/" + PID + "-" + name + ".cfg " + problem);
    }

    @Override
    public String toString() {
        return "feed " + name + " at " + where() + " every " + poll.toSeconds() + " s starting flow " + flow
                + " (documents up to " + maxDocumentBytes + " bytes)";
    }
}
