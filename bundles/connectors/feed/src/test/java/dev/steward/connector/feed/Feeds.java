package dev.steward.connector.feed;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** What the feed tests share: a feed server on loopback, RSS and Atom documents, and a kernel that starts flows by key. */
final class Feeds {

    private Feeds() {
    }

    static FeedSettings settings(String name, URI url, int maxBytes, Duration readTimeout) {
        return new FeedSettings(name, url, "news-intake", Duration.ofMillis(100), Duration.ZERO, maxBytes,
                Duration.ofSeconds(2), readTimeout, 1, Duration.ofMillis(10));
    }

    /** An RSS 2.0 document with one item per guid: title "Item g", link https://example.org/g. */
    static String rss(String... guids) {
        StringBuilder items = new StringBuilder();
        for (String g : guids) {
            items.append("<item><guid isPermaLink=\"false\">").append(g).append("</guid><title>Item ").append(g)
                    .append("</title><link>https://example.org/").append(g).append("</link>")
                    .append("<pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate><description>About ").append(g)
                    .append("</description></item>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Test news</title>"
                + "<link>https://example.org/</link><description>test</description>" + items + "</channel></rss>";
    }

    /** An Atom 1.0 document with one entry per id: title "Entry i", link https://example.org/atom/i. */
    static String atom(String... ids) {
        StringBuilder entries = new StringBuilder();
        for (String i : ids) {
            entries.append("<entry><id>urn:test:").append(i).append("</id><title>Entry ").append(i)
                    .append("</title><link href=\"https://example.org/atom/").append(i).append("\"/>")
                    .append("<updated>2026-11-30T10:00:00Z</updated><summary>Summary ").append(i)
                    .append("</summary></entry>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                + "<title>Test atom</title><id>urn:test:feed</id><updated>2026-11-30T10:00:00Z</updated>" + entries + "</feed>";
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** An HTTP server on 127.0.0.1 serving one feed document at /feed, which a test changes between polls. */
    static final class FeedServer implements AutoCloseable {

        final AtomicInteger requests = new AtomicInteger();
        volatile String document = rss();
        volatile String contentType = "application/rss+xml; charset=UTF-8";
        volatile int status = 200;
        volatile boolean chunked;
        volatile long delayMs;
        private final HttpServer server;
        private final ExecutorService executor = Executors.newCachedThreadPool();

        FeedServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/feed", this::serve);
            server.setExecutor(executor);
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/feed?token=not-for-logs");
        }

        /** Waits until a poll that began after this call has completed (polls of one feed run one after another). */
        void awaitFreshPoll() throws InterruptedException {
            int now = requests.get();
            await("a complete poll after the change", Duration.ofSeconds(30), () -> requests.get() >= now + 2);
        }

        private void serve(HttpExchange exchange) throws IOException {
            requests.incrementAndGet();
            try (exchange) {
                if (delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                byte[] body = (status == 200 ? document : "server trouble").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(status, chunked ? 0 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up (a timeout or a refused oversized body)
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

}
