package dev.steward.api.governance;

/**
 * A part of a whole, kept as both counts so that a small sample shows as one.
 *
 * @param count the part
 * @param of the whole
 */
public record Ratio(int count, int of) {

    /** Validates the counts. */
    public Ratio {
        if (count < 0 || of < 0 || count > of) {
            throw new IllegalArgumentException("ratio " + count + " of " + of + ": neither may be negative, nor the part "
                    + "larger than the whole");
        }
    }

    /**
     * The part as a fraction of the whole.
     *
     * @return from 0 to 1; 0 when the whole is 0
     */
    public double fraction() {
        return of == 0 ? 0 : (double) count / of;
    }

    /**
     * The part as a percentage of the whole.
     *
     * @return from 0 to 100; 0 when the whole is 0
     */
    public double percent() {
        return fraction() * 100;
    }
}
