package dev.steward.api.addon;

import java.util.Objects;

/**
 * An add-on operation refused or failed, with the reason the operator reads. When it is thrown by an install or an
 * upgrade, nothing of the add-on is left installed that was not installed before.
 *
 * @since 1.0
 */
public class AddonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an operation did not happen. */
    public enum Reason {
        /** The catalog has no such add-on or version. */
        UNKNOWN,
        /** The add-on's platform range does not include this platform's version. */
        INCOMPATIBLE,
        /** An artifact's SHA-256 differs from the catalog's, or an artifact the add-on would install has none. */
        TAMPERED,
        /** The add-on is not installed (uninstall, upgrade), or is installed already (install). */
        WRONG_STATE,
        /** The catalog cannot be read or is not a valid catalog. */
        CATALOG,
        /** Installing or uninstalling failed; an install was rolled back. */
        FAILED
    }

    private final Reason reason;

    /**
     * Creates one.
     *
     * @param reason why
     * @param message the reason in words, naming the add-on and what to change
     */
    public AddonException(Reason reason, String message) {
        this(reason, message, null);
    }

    /**
     * Creates one with its cause.
     *
     * @param reason why
     * @param message the reason in words
     * @param cause what failed
     */
    public AddonException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Why.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
