package dev.steward.connector.file;

/** Why a dropped file starts nothing, and where in it the problem is; the route quarantines it with this reason. */
final class RefusedFile extends Exception {

    private static final long serialVersionUID = 1L;
    private final String where;

    /**
     * @param reason what is wrong, for the operator
     * @param where where in the file (a row, a line), or empty when it is the file as a whole
     */
    RefusedFile(String reason, String where) {
        super(reason, null, false, false);
        this.where = where;
    }

    String reason() {
        return getMessage();
    }

    String where() {
        return where;
    }
}
