package dev.steward.api.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void rejectsInvalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), 2));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(3, Duration.ZERO, Duration.ZERO, Double.NaN));
    }

    @Test
    void stepResultsAgreeWithTheirStatus() {
        assertTrue(StepResult.success(Map.of("label", "billing")).succeeded());
        assertTrue(StepResult.retryableFailure("timeout").retryable());
        assertFalse(StepResult.permanentFailure("bad input").retryable());
        assertThrows(IllegalArgumentException.class, () -> StepResult.permanentFailure(" "));
        assertThrows(IllegalArgumentException.class, () -> new StepResult(StepStatus.RUNNING, null, null, false));
        assertEquals(1, RetryPolicy.none().maxAttempts());
    }
}
