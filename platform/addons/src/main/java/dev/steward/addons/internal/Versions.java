package dev.steward.addons.internal;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/** Maven and OSGi versions: {@code 0.1.0-SNAPSHOT} compares as {@code 0.1.0.SNAPSHOT}, and platform range checks. */
final class Versions {

    private Versions() {
    }

    /**
     * Reads a Maven or OSGi version.
     *
     * @param text such as {@code 1.2}, {@code 0.1.0-SNAPSHOT} or {@code 1.0.0.RC1}
     * @return the OSGi version
     * @throws IllegalArgumentException when it is neither
     */
    static Version of(String text) {
        String[] parts = text.trim().split("[.-]", 4);
        StringBuilder osgi = new StringBuilder();
        int numbers = 0;
        String qualifier = null;
        for (String part : parts) {
            if (qualifier == null && numbers < 3 && part.chars().allMatch(Character::isDigit) && !part.isEmpty()) {
                osgi.append(numbers == 0 ? "" : ".").append(part);
                numbers++;
            } else {
                qualifier = qualifier == null ? part : qualifier + "-" + part;
            }
        }
        while (numbers < 3) {
            osgi.append(numbers == 0 ? "0" : ".0");
            numbers++;
        }
        if (qualifier != null) {
            osgi.append('.').append(qualifier.replaceAll("[^A-Za-z0-9_-]", "_"));
        }
        return Version.parseVersion(osgi.toString());
    }

    /**
     * Tells whether a platform version is in an add-on's range, and why.
     *
     * @param range the range in OSGi syntax, such as {@code [0.1,1)}
     * @param platform the platform's version
     * @return {@code null} when it is in the range, else the reason
     */
    static String refusal(String range, Version platform) {
        if (VersionRange.valueOf(range).includes(platform)) {
            return null;
        }
        return "needs platform " + range + ", this platform is " + platform;
    }

    /** Checks a range's syntax; the message names it. */
    static void checkRange(String range) {
        VersionRange.valueOf(range);
    }
}
