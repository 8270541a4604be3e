package dev.steward.connector.feed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;

/**
 * Reads a feed document with ROME (RSS 0.9x, 1.0 and 2.0, Atom 0.3 and 1.0) into items. ROME refuses a document
 * type declaration and external entities, so a feed cannot make the parser read a local file or another URL.
 */
final class FeedDocuments {

    /** Longer ids (a guid may be anything) are replaced by their hash: they are stored as keys. */
    static final int ID_MAX = 200;

    private FeedDocuments() {
    }

    /** @throws FeedProblem when the document is not a feed ROME can read */
    static List<FeedItem> read(byte[] document) {
        SyndFeed feed;
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(document))) {
            feed = new SyndFeedInput().build(reader);
        } catch (FeedException | IOException | IllegalArgumentException e) {
            // the parser's message says where the document is broken; it holds no more than a few words of it
            throw new FeedProblem("not a readable RSS or Atom feed: " + reason(e));
        }
        String feedTitle = text(feed.getTitle());
        List<FeedItem> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            items.add(item(entry, feedTitle));
        }
        return items;
    }

    private static FeedItem item(SyndEntry entry, String feedTitle) {
        String title = text(entry.getTitle());
        String published = instant(entry.getPublishedDate());
        String updated = instant(entry.getUpdatedDate());
        // ROME puts the RSS guid or the Atom id in the uri (for RSS without a guid, the link)
        String id = text(entry.getUri());
        if (id.isEmpty()) {
            id = text(entry.getLink());
        }
        if (id.isEmpty()) {
            id = "sha256:" + sha256(title + "\n" + (published.isEmpty() ? updated : published));
        } else if (id.length() > ID_MAX) {
            id = "sha256:" + sha256(id);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", id);
        input.put("title", title);
        input.put("link", text(entry.getLink()));
        input.put("published", published);
        input.put("updated", updated);
        input.put("summary", summary(entry));
        input.put("feedTitle", feedTitle);
        return new FeedItem(id, input);
    }

    /** The item's description (RSS) or summary (Atom), else its first content. */
    private static String summary(SyndEntry entry) {
        SyndContent description = entry.getDescription();
        if (description != null && !text(description.getValue()).isEmpty()) {
            return text(description.getValue());
        }
        List<SyndContent> contents = entry.getContents();
        return contents == null || contents.isEmpty() ? "" : text(contents.get(0).getValue());
    }

    private static String instant(Date date) {
        return date == null ? "" : date.toInstant().toString();
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String reason(Exception e) {
        Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
