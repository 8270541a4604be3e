package dev.steward.connector.feed;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads a feed's document with the JDK HTTP client: bounded connect and read times, at most
 * {@code max.document.bytes} read, redirects followed (never from https to http), and a conditional GET
 * ({@code If-None-Match}, {@code If-Modified-Since}) so that an unchanged feed costs no download.
 */
final class FeedFetcher {

    private static final String ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1";

    private final FeedSettings feed;
    private volatile HttpClient client;
    private volatile String etag;
    private volatile String lastModified;

    FeedFetcher(FeedSettings feed) {
        this.feed = feed;
    }

    /**
     * @return the document, or {@code null} when the server answered that it has not changed since the last poll
     * @throws FeedProblem when no document came: an HTTP error, a timeout, a refused connection, too many bytes
     */
    byte[] fetch() {
        HttpRequest.Builder request = HttpRequest.newBuilder(feed.url()).GET().timeout(feed.readTimeout())
                .header("Accept", ACCEPT).header("User-Agent", "Steward feed connector");
        String tag = etag;
        String modified = lastModified;
        if (tag != null) {
            request.header("If-None-Match", tag);
        }
        if (modified != null) {
            request.header("If-Modified-Since", modified);
        }
        HttpResponse<byte[]> response = send(request.build());
        int status = response.statusCode();
        if (status == 304) {
            return null;
        }
        if (status < 200 || status > 299) {
            throw new FeedProblem("HTTP " + status + " from " + feed.url().getHost());
        }
        etag = response.headers().firstValue("ETag").orElse(null);
        lastModified = response.headers().firstValue("Last-Modified").orElse(null);
        return response.body();
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        long limit = feed.connectTimeout().plus(feed.readTimeout()).toMillis();
        CompletableFuture<HttpResponse<byte[]>> pending = client().sendAsync(request, info -> {
            int status = info.statusCode();
            return status >= 200 && status <= 299 ? new BoundedBody(feed.maxDocumentBytes(),
                    info.headers().firstValueAsLong("Content-Length").orElse(-1))
                    : HttpResponse.BodySubscribers.replacing(null);
        });
        try {
            return pending.get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new FeedProblem("no complete answer from " + feed.url().getHost() + " within " + limit + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new FeedProblem("poll interrupted");
        } catch (ExecutionException e) {
            throw problem(e.getCause());
        }
    }

    private FeedProblem problem(Throwable failure) {
        String host = feed.url().getHost();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FeedProblem p) {
                return p;
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new FeedProblem("no connection to " + host + " within " + feed.connectTimeout().toMillis() + " ms");
            }
            if (t instanceof HttpTimeoutException) {
                return new FeedProblem("no answer from " + host + " within " + feed.readTimeout().toMillis() + " ms");
            }
            if (t instanceof ConnectException) {
                return new FeedProblem("connection to " + host + " failed (refused or unreachable)");
            }
        }
        String detail = failure instanceof IOException && failure.getMessage() != null ? ": " + failure.getMessage() : "";
        return new FeedProblem("reading from " + host + " failed (" + failure.getClass().getSimpleName() + detail + ")");
    }

    /** Built on the first poll, not at activation: the client starts a thread of its own. */
    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            c = HttpClient.newBuilder().connectTimeout(feed.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            client = c;
        }
        return c;
    }
}
