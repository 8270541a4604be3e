package dev.steward.connector.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A drop folder's configuration: defaults, the name from the file name, paths, and refusals that name the key. */
class DropSettingsTest {

    private static final Path HOME = Path.of("/opt/steward");

    /** The configuration as DS builds it: the annotation's defaults with the given values laid over them. */
    private static FileDropConfig config(Map<String, Object> values) {
        return (FileDropConfig) java.lang.reflect.Proxy.newProxyInstance(FileDropConfig.class.getClassLoader(),
                new Class<?>[] {FileDropConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return FileDropConfig.class;
                    }
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }

    private static DropSettings of(Map<String, Object> values) {
        return DropSettings.of(config(values), Map.of("felix.fileinstall.filename",
                "file:/opt/steward/etc/dev.steward.connector.file-orders.cfg"), HOME);
    }

    @Test
    void defaultsNameTheFolderAfterTheFileAndResolveItAgainstTheKarafHome() {
        DropSettings drop = of(Map.of("flow", "order-intake"));
        assertEquals("orders", drop.name());
        assertEquals(HOME.resolve("drops/orders"), drop.folder());
        assertEquals(HOME.resolve("drops/orders/processed"), drop.processed());
        assertEquals(HOME.resolve("drops/orders/quarantine"), drop.quarantine());
        assertEquals(DropSettings.Format.AUTO, drop.format());
        assertEquals(10L * 1024 * 1024, drop.maxFileBytes());
        assertEquals(',', drop.csvDelimiter());
        assertEquals(Duration.ofSeconds(2), drop.poll());
        assertEquals("steward-connector-file-orders", drop.routeId());
        assertEquals("file-orders", drop.repository());
        assertEquals("file-orders:abc:3", drop.startKey("abc", 3));
        assertTrue(drop.consumerUri().startsWith("file:/opt/steward/drops/orders?delay=2000&"), drop.consumerUri());
        assertTrue(drop.consumerUri().contains("&readLock=changed&readLockCheckInterval=1000&"), drop.consumerUri());
        assertTrue(drop.consumerUri().endsWith("&move=${exchangeProperty.StewardFileTarget}"), drop.consumerUri());
    }

    @Test
    void anAbsoluteFolderAndCsvOptionsAreTaken() {
        DropSettings drop = of(Map.of("flow", "f", "folder", "/srv/in/", "format", "CSV", "csv_header", false,
                "csv_columns", "name, email", "csv_delimiter", "tab", "quarantine_folder", "/srv/bad"));
        assertEquals(Path.of("/srv/in"), drop.folder());
        assertEquals(DropSettings.Format.CSV, drop.format());
        assertEquals(List.of("name", "email"), drop.csvColumns());
        assertEquals('\t', drop.csvDelimiter());
        assertEquals(Path.of("/srv/bad"), drop.quarantine());
    }

    @Test
    void aWrongValueIsRefusedWithTheKeyAndTheFile() {
        assertEquals("flow in etc/dev.steward.connector.file-orders.cfg must name the flow definition a record starts",
                assertThrows(IllegalArgumentException.class, () -> of(Map.of())).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("flow", "f", "format", "xml")))
                .getMessage().startsWith("format in etc/dev.steward.connector.file-orders.cfg"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("flow", "f", "csv_header", false)))
                .getMessage().startsWith("csv.columns in"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("flow", "f", "csv_delimiter", ";;")))
                .getMessage().startsWith("csv.delimiter in"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("flow", "f", "processed_folder", ".")))
                .getMessage().startsWith("processed.folder in"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> of(Map.of("flow", "f", "max_file_bytes", 0L)))
                .getMessage().startsWith("max.file.bytes in"));
    }

    @Test
    void aFileNameIsStampedBeforeItsExtension() {
        java.time.Instant t = java.time.Instant.parse("2026-11-30T15:51:03.123Z");
        assertEquals("orders-20261130-155103-123.csv", DropGate.stamped("orders.csv", t, 1));
        assertEquals("orders-20261130-155103-123-2.csv", DropGate.stamped("orders.csv", t, 2));
        assertEquals("README-20261130-155103-123", DropGate.stamped("README", t, 1));
    }
}
