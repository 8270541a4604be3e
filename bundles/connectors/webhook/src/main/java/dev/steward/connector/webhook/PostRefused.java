package dev.steward.connector.webhook;

/** The receiver refused a webhook POST (a 4xx answer): sending it again would be refused again. */
final class PostRefused extends Exception {

    private static final long serialVersionUID = 1L;

    PostRefused(int status, String reason) {
        super("the receiver refused the POST with " + status + (reason.isBlank() ? "" : ": " + reason));
    }
}
