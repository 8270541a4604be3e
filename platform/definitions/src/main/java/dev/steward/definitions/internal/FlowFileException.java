package dev.steward.definitions.internal;

/**
 * A flow file that cannot be loaded, with the place at fault: its message reads
 * {@code <file>:<line>:<column>: <reason>}, or {@code <file>: <reason>} when no place applies.
 */
final class FlowFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final Position at;
    private final String reason;

    FlowFileException(String file, Position at, String reason) {
        super(file + (at == null ? "" : ":" + at) + ": " + reason);
        this.file = file;
        this.at = at;
        this.reason = reason;
    }

    String file() {
        return file;
    }

    /** The place at fault, or {@code null}. */
    Position at() {
        return at;
    }

    String reason() {
        return reason;
    }

    /** A line and column in a file, both counted from 1. */
    record Position(int line, int column) {

        @Override
        public String toString() {
            return line + ":" + column;
        }
    }
}
