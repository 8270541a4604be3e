package dev.steward.addons.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

/** Maven versions read as OSGi versions, and the platform range check with its reason. */
class VersionsTest {

    @Test
    void mavenVersionsReadAsOsgiVersions() {
        assertEquals(new Version(0, 1, 0, "SNAPSHOT"), Versions.of("0.1.0-SNAPSHOT"));
        assertEquals(new Version(1, 2, 0), Versions.of("1.2"));
        assertEquals(new Version(1, 0, 0, "RC1"), Versions.of("1.0.0.RC1"));
        assertEquals(new Version(2, 0, 0, "beta-2"), Versions.of("2-beta-2"));
        assertTrue(Versions.of("0.2.0").compareTo(Versions.of("0.1.0-SNAPSHOT")) > 0);
    }

    @Test
    void thePlatformMustBeInTheRange() {
        Version platform = Versions.of("0.1.0-SNAPSHOT");
        assertNull(Versions.refusal("[0.1,1)", platform), "0.1.0.SNAPSHOT is in [0.1,1)");
        assertNull(Versions.refusal("0.1", platform), "a bare version means that version or later");
        assertEquals("needs platform [2.0,3.0), this platform is 0.1.0.SNAPSHOT", Versions.refusal("[2.0,3.0)", platform));
        assertEquals("needs platform (0.1.0.SNAPSHOT,1), this platform is 0.1.0.SNAPSHOT",
                Versions.refusal("(0.1.0.SNAPSHOT,1)", platform));
    }
}
