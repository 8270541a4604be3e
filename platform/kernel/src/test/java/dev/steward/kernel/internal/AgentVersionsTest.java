package dev.steward.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The order of agent versions: numeric parts numerically, a missing part as 0, the qualifier last, none first. */
class AgentVersionsTest {

    @Test
    void versionsAreComparedNumericallyWithTheQualifierLast() {
        List<String> versions = new ArrayList<>(List.of("1.10.0", "2", "1.9.0", "1.0.0.beta", "1.0.0", "1.0.0-alpha",
                "1.2", "1.2.0.SNAPSHOT", "0.9.99"));
        versions.sort(AgentVersions.ORDER);
        assertEquals(List.of("0.9.99", "1.0.0", "1.0.0-alpha", "1.0.0.beta", "1.2", "1.2.0.SNAPSHOT", "1.9.0", "1.10.0",
                "2"), versions);
        assertEquals(0, AgentVersions.compare("1.2", "1.2.0"), "a missing part is 0");
    }
}
