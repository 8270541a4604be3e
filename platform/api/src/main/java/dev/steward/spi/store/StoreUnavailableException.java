package dev.steward.spi.store;

/** Thrown when the graph store cannot be reached or refuses work; the call may succeed later. */
public class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with its cause.
     *
     * @param message what could not be done
     * @param cause the driver or network failure
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param message what could not be done
     */
    public StoreUnavailableException(String message) {
        super(message);
    }
}
