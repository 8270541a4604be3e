package dev.steward.connector.webhook;

/** The receiver could not take a webhook POST now (a 5xx answer, or one that is not 2xx-4xx): worth trying again. */
final class PostUnavailable extends Exception {

    private static final long serialVersionUID = 1L;

    PostUnavailable(int status, String reason) {
        super("the receiver answered " + status + (reason.isBlank() ? "" : ": " + reason));
    }
}
