package dev.steward.connector.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The two readers on their own: CSV options, and refusals with where they are. */
class RecordsTest {

    private static DropSettings csv(boolean header, List<String> columns, char delimiter) {
        Path folder = Path.of("/tmp/drops/t");
        return new DropSettings("t", folder, "f", DropSettings.Format.CSV, 1024, header, columns, delimiter,
                Duration.ofSeconds(1), Duration.ofSeconds(1), folder.resolve("p"), folder.resolve("q"), 0, Duration.ZERO);
    }

    @Test
    void aCsvWithoutHeaderTakesTheConfiguredColumnsAndDelimiter() throws Exception {
        assertEquals(List.of(Map.of("name", "Ada", "email", "ada@example.org"), Map.of("name", "Bob", "email", "")),
                new CsvRecords(csv(false, List.of("name", "email"), '\t')).read("Ada\tada@example.org\n\nBob\t\n"));
    }

    @Test
    void aCsvRowIsKeyedByTheHeaderInItsOrderAndBlankLinesAreSkipped() throws Exception {
        List<Map<String, Object>> rows = new CsvRecords(csv(true, List.of(), ';')).read("b;a\r\n2;1\r\n\r\n4;3");
        assertEquals(List.of(Map.of("b", "2", "a", "1"), Map.of("b", "4", "a", "3")), rows);
        assertEquals(List.of("b", "a"), List.copyOf(rows.get(0).keySet()));
    }

    @Test
    void csvRefusalsSayWhere() {
        RefusedFile headerOnly = assertThrows(RefusedFile.class, () -> new CsvRecords(csv(true, List.of(), ',')).read("a,b\n"));
        assertEquals("the file has no data row", headerOnly.reason());
        RefusedFile missing = assertThrows(RefusedFile.class, () -> new CsvRecords(csv(true, List.of(), ',')).read("a,\n1,2\n"));
        assertEquals("line 1", missing.where());
        RefusedFile wide = assertThrows(RefusedFile.class,
                () -> new CsvRecords(csv(false, List.of("a"), ',')).read("1\n2\n3,4\n"));
        assertEquals("row 3 has 2 columns; csv.columns names 1", wide.reason());
        assertEquals("row 3, line 3", wide.where());
    }

    @Test
    void jsonRefusalsSayWhere() {
        assertEquals("line 1, column 9", assertThrows(RefusedFile.class, () -> JsonRecords.read("{\"a\":1} {}")).where());
        assertEquals("the file must hold a JSON object or an array of objects, not a string",
                assertThrows(RefusedFile.class, () -> JsonRecords.read("\"text\"")).reason());
        assertEquals("the array holds no record", assertThrows(RefusedFile.class, () -> JsonRecords.read("[]")).reason());
        RefusedFile twice = assertThrows(RefusedFile.class, () -> JsonRecords.read("{\"a\":1,\n\"a\":2}"));
        assertEquals("line 2, column 4", twice.where(), twice.reason());
    }
}
