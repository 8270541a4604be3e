package dev.steward.api.flow;

import java.util.Objects;

/** A flow was started with input that does not match its definition; names the field at fault. */
public final class InvalidFlowInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * Creates the exception.
     *
     * @param field the input field at fault
     * @param reason what is wrong with it, for example "is required"
     */
    public InvalidFlowInputException(String field, String reason) {
        super("input field '" + Objects.requireNonNull(field, "field") + "' " + reason);
        this.field = field;
    }

    /**
     * The field at fault.
     *
     * @return the input field name
     */
    public String field() {
        return field;
    }
}
