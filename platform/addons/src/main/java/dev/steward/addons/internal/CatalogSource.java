package dev.steward.addons.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonException.Reason;

/**
 * Where the catalog is: a file (a path relative to the Karaf home, or absolute) or a URL, read afresh on every use so
 * that an edited or republished catalog counts at once.
 */
final class CatalogSource {

    /** The shipped catalog, in the distribution's etc/. */
    static final String SHIPPED = "steward-addons.json";
    /** A URL's scheme has two characters at least, so a Windows drive ({@code C:\\}) is a path. */
    private static final Pattern URL_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]+:.*");

    private final String location;
    private final Duration timeout;
    private final CatalogReader reader = new CatalogReader();

    CatalogSource(String location, Path home, Path etc, Duration timeout) {
        if (location == null || location.isBlank()) {
            this.location = etc.resolve(SHIPPED).toString();
        } else if (URL_SCHEME.matcher(location.trim()).matches()) {
            this.location = location.trim();
        } else {
            this.location = home.resolve(location.trim()).toString();
        }
        this.timeout = timeout;
    }

    /** Where the catalog is read from. */
    String location() {
        return location;
    }

    /**
     * Reads and checks the catalog.
     *
     * @throws AddonException ({@link Reason#CATALOG}) when it cannot be read or is not a valid catalog
     */
    Catalog read() {
        return reader.read(bytes(), location);
    }

    private byte[] bytes() {
        try {
            if (!URL_SCHEME.matcher(location).matches()) {
                return Files.readAllBytes(Path.of(location));
            }
            try (InputStream in = open(location, timeout)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new AddonException(Reason.CATALOG, "catalog " + location + " cannot be read: " + e, e);
        }
    }

    /** Opens a URL through the JVM's and Karaf's URL handlers, with timeouts where the protocol has them. */
    static InputStream open(String url, Duration timeout) throws IOException {
        URLConnection connection = new URL(url).openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        return connection.getInputStream();
    }
}
