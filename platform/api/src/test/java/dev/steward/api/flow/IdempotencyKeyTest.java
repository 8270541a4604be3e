package dev.steward.api.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    @Test
    void isStableForTheSameStep() {
        assertEquals(IdempotencyKey.of("f-1", "send"), IdempotencyKey.of("f-1", "send"));
        assertEquals("f-1:send", IdempotencyKey.of("f-1", "send").value());
    }

    @Test
    void differsBetweenStepsAndInstances() {
        assertNotEquals(IdempotencyKey.of("f-1", "send"), IdempotencyKey.of("f-1", "notify"));
        assertNotEquals(IdempotencyKey.of("f-1", "send"), IdempotencyKey.of("f-2", "send"));
    }

    @Test
    void rejectsBlankAndAmbiguousParts() {
        assertThrows(IllegalArgumentException.class, () -> IdempotencyKey.of("", "send"));
        assertThrows(IllegalArgumentException.class, () -> IdempotencyKey.of("f-1", " "));
        assertThrows(IllegalArgumentException.class, () -> IdempotencyKey.of("f-1", "a:b"));
        assertThrows(IllegalArgumentException.class, () -> new IdempotencyKey("  "));
        assertThrows(NullPointerException.class, () -> IdempotencyKey.of(null, "send"));
    }
}
