package dev.steward.api.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One embedding vector. It keeps a private copy of its floats and compares by content, so it is
 * immutable and safe as a value despite holding an array (boxed {@code List<Float>} would cost
 * about four times the memory for typical 768 to 3072 dimensions).
 *
 * @param values the vector components, at least one; copied in and out
 */
public record Embedding(float[] values) {

    /** Validates and copies the values. */
    public Embedding {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("Embedding must have at least one dimension");
        }
        values = values.clone();
    }

    /**
     * Returns a copy of the vector components.
     *
     * @return a fresh array the caller may change
     */
    @Override
    public float[] values() {
        return values.clone();
    }

    /**
     * Tells how many components the vector has.
     *
     * @return the dimension
     */
    public int dimensions() {
        return values.length;
    }

    /**
     * Reads one component without copying the vector.
     *
     * @param index the component index
     * @return the component
     */
    public float get(int index) {
        return values[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Embedding embedding && Arrays.equals(values, embedding.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Embedding[dimensions=" + values.length + "]";
    }
}
