package dev.steward.connector.feed;

/** Why a poll read no items: the server's answer, a timeout, a document too large or not a feed. */
final class FeedProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    FeedProblem(String reason) {
        super(reason, null, false, false);
    }
}
