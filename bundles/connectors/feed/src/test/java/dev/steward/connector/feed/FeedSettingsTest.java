package dev.steward.connector.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A feed's configuration: defaults, the name from the file name, http and https only, and no URL secrets shown. */
class FeedSettingsTest {

    /** The configuration as DS would give it: the annotation's defaults with the given keys laid over. */
    private static FeedConfig config(Map<String, Object> values) {
        return (FeedConfig) Proxy.newProxyInstance(FeedConfig.class.getClassLoader(), new Class<?>[] {FeedConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }

    private static Map<String, Object> values(String url) {
        Map<String, Object> values = new HashMap<>();
        values.put("url", url);
        values.put("flow", "news-intake");
        return values;
    }

    private static final Map<String, Object> FILE = Map.of("felix.fileinstall.filename",
            "file:/opt/steward/etc/dev.steward.connector.feed-news.cfg");

    @Test
    void theNameComesFromTheFileAndTheDefaultsArePolite() {
        FeedSettings feed = FeedSettings.of(config(values("https://example.org/feed.xml?token=abc")), FILE);
        assertEquals("news", feed.name());
        assertEquals(Duration.ofSeconds(300), feed.poll());
        assertEquals(2_097_152, feed.maxDocumentBytes());
        assertEquals("feed-news", feed.repository());
        assertEquals("feed-news:guid-1", feed.startKey("guid-1"));
        assertEquals("steward-connector-feed-news", feed.routeId());
        assertEquals("direct:steward-connector-feed-news-item", feed.itemUri());
        assertEquals("timer:steward-connector-feed-news?delay=2000&period=300000", feed.pollUri());
        assertEquals("https://example.org/feed.xml", feed.where());
        assertFalse(feed.toString().contains("token"), feed.toString());
    }

    @Test
    void onlyHttpAndHttpsFeedsArePolled() {
        var file = assertThrows(IllegalArgumentException.class, () -> FeedSettings.of(config(values("file:/etc/passwd")), FILE));
        assertEquals("url in etc/dev.steward.connector.feed-news.cfg must be an http or https URL (file: and other schemes "
                + "are refused), was 'file:'", file.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeedSettings.of(config(values("ftp://example.org/f")), FILE));
        assertThrows(IllegalArgumentException.class, () -> FeedSettings.of(config(values("example.org/feed")), FILE));
        var user = assertThrows(IllegalArgumentException.class,
                () -> FeedSettings.of(config(values("https://bob:pw@example.org/f")), FILE));
        assertFalse(user.getMessage().contains("pw"), user.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> FeedSettings.of(config(values("")), FILE));
        assertEquals("url in etc/dev.steward.connector.feed-news.cfg must be set to the feed's http or https URL", missing.getMessage());
    }

    @Test
    void wrongValuesAreRefusedWithTheKeyToChange() {
        Map<String, Object> noFlow = values("https://example.org/f");
        noFlow.put("flow", " ");
        assertEquals("flow in etc/dev.steward.connector.feed-news.cfg must name the flow definition a new item starts",
                assertThrows(IllegalArgumentException.class, () -> FeedSettings.of(config(noFlow), FILE)).getMessage());
        Map<String, Object> poll = values("https://example.org/f");
        poll.put("poll_seconds", 0);
        assertThrows(IllegalArgumentException.class, () -> FeedSettings.of(config(poll), FILE));
        Map<String, Object> size = values("https://example.org/f");
        size.put("max_document_bytes", 0);
        assertThrows(IllegalArgumentException.class, () -> FeedSettings.of(config(size), FILE));
        Map<String, Object> name = values("https://example.org/f");
        name.put("name", "no spaces");
        assertThrows(IllegalArgumentException.class, () -> FeedSettings.of(config(name), FILE));
    }
}
