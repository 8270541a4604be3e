package dev.steward.connector.feed;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a limit: past it the download is cancelled and the body fails with a
 * {@link FeedProblem}, so that an oversized document is never held whole.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int max;
    private final long announced;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    /**
     * @param max the largest body accepted, in bytes
     * @param announced the Content-Length the server sent, -1 if none
     */
    BoundedBody(int max, long announced) {
        this.max = max;
        this.announced = announced;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (announced > max) {
            tooLarge("of " + announced + " bytes");
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > max) {
                tooLarge("of more than " + max + " bytes");
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    private void tooLarge(String size) {
        subscription.cancel();
        result.completeExceptionally(new FeedProblem("document " + size + " exceeds max.document.bytes (" + max + ")"));
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }
}
