package dev.steward.rest.internal;

/** A request the API refuses, with the HTTP status to answer and the request field at fault, if one is. */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    ApiError(int status, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    ApiError(int status, String message) {
        this(status, message, null);
    }

    int status() {
        return status;
    }

    /**
     * The field at fault.
     *
     * @return the field name, or {@code null} when the error is not about one field
     */
    String field() {
        return field;
    }
}
