package dev.steward.connector.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading documents with ROME: RSS 2.0 and Atom 1.0, how an item is identified, and what is refused. */
class FeedDocumentsTest {

    private static List<FeedItem> read(String xml) {
        return FeedDocuments.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String rss(String items) {
        return "<rss version=\"2.0\"><channel><title>T</title><link>https://example.org/</link><description>d</description>"
                + items + "</channel></rss>";
    }

    @Test
    void rssAndAtomItemsBecomeFlowInputs() {
        List<FeedItem> rss = read(Feeds.rss("x", "y"));
        assertEquals(List.of("x", "y"), rss.stream().map(FeedItem::id).toList());
        assertEquals("Test news", rss.get(0).input().get("feedTitle"));
        List<FeedItem> atom = read(Feeds.atom("1"));
        assertEquals("urn:test:1", atom.get(0).id());
        assertEquals("Summary 1", atom.get(0).input().get("summary"));
        assertEquals("2026-11-30T10:00:00Z", atom.get(0).input().get("updated"));
    }

    @Test
    void anItemWithoutGuidIsNamedByItsLinkAndWithoutEitherByTitleAndDate() {
        List<FeedItem> items = read(rss("<item><title>Linked</title><link>https://example.org/p/1</link></item>"
                + "<item><title>Bare</title><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate></item>"));
        assertEquals("https://example.org/p/1", items.get(0).id());
        assertEquals("sha256:" + FeedDocuments.sha256("Bare\n2026-11-30T10:00:00Z"), items.get(1).id());
        assertEquals("", items.get(1).input().get("link"));
    }

    @Test
    void anAtomEntryUsesItsContentWhenItHasNoSummary() {
        List<FeedItem> items = read("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title><id>urn:f</id>"
                + "<updated>2026-11-30T10:00:00Z</updated><entry><id>urn:e</id><title>E</title>"
                + "<published>2026-11-29T08:00:00Z</published><updated>2026-11-30T10:00:00Z</updated>"
                + "<content type=\"text\">Body text</content></entry></feed>");
        assertEquals("Body text", items.get(0).input().get("summary"));
        assertEquals("2026-11-29T08:00:00Z", items.get(0).input().get("published"));
    }

    @Test
    void aVeryLongGuidIsReplacedByItsHash() {
        String guid = "g".repeat(500);
        FeedItem item = read(rss("<item><guid>" + guid + "</guid><title>L</title></item>")).get(0);
        assertEquals("sha256:" + FeedDocuments.sha256(guid), item.id());
    }

    @Test
    void malformedXmlAndDocumentsThatAreNoFeedAreRefused() {
        FeedProblem broken = assertThrows(FeedProblem.class, () -> read("<rss version=\"2.0\"><channel><title>x"));
        assertTrue(broken.getMessage().startsWith("not a readable RSS or Atom feed: "), broken.getMessage());
        assertThrows(FeedProblem.class, () -> read("<html><body>hello</body></html>"));
        assertThrows(FeedProblem.class, () -> read(""));
    }

    @Test
    void aDocumentTypeDeclarationIsRefusedSoNoExternalEntityIsRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "top-secret-content");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + rss("<item><guid>1</guid><title>&x;</title></item>");
        FeedProblem refused = assertThrows(FeedProblem.class, () -> read(xxe));
        assertFalse(refused.getMessage().contains("top-secret-content"), refused.getMessage());
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                + rss("<item><guid>1</guid><title>&b;</title></item>");
        assertThrows(FeedProblem.class, () -> read(bomb));
    }
}
