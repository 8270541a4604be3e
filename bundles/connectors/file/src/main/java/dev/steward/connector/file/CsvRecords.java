package dev.steward.connector.file;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/** Reads a whole CSV text into one map per data row, keyed by the column names, or refuses it with the row at fault. */
final class CsvRecords {

    /** commons-csv names the line of a parse error as "(line N)" or "(startline N)". */
    private static final Pattern LINE = Pattern.compile("\\((?:start)?line (\\d+)\\)");

    private final CSVFormat format;
    private final boolean header;

    CsvRecords(DropSettings drop) {
        CSVFormat.Builder b = CSVFormat.DEFAULT.builder().setDelimiter(drop.csvDelimiter()).setIgnoreEmptyLines(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).setAllowMissingColumnNames(false);
        this.header = drop.csvHeader();
        this.format = (header ? b.setHeader().setSkipHeaderRecord(true) : b.setHeader(drop.csvColumns().toArray(String[]::new))).get();
    }

    List<Map<String, Object>> read(String text) throws RefusedFile {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CSVParser parser = format.parse(new StringReader(text))) {
            List<String> columns = parser.getHeaderNames();
            for (CSVRecord row : parser) {
                int n = rows.size() + 1;
                if (row.size() != columns.size()) {
                    throw new RefusedFile("row " + n + " has " + row.size() + " columns; " + (header ? "the header has "
                            : "csv.columns names ") + columns.size(), "row " + n + ", line " + lineOf(text, row.getCharacterPosition()));
                }
                Map<String, Object> record = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    record.put(columns.get(i), row.get(i));
                }
                rows.add(record);
            }
        } catch (UncheckedIOException | IOException e) {
            String message = message(e);
            Matcher line = LINE.matcher(message);
            throw new RefusedFile("malformed CSV: " + message, (line.find() ? "line " + line.group(1) + ", " : "")
                    + (rows.isEmpty() ? "the first data row" : "the row after row " + rows.size()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // commons-csv refuses a header with a missing or repeated column name this way
            throw new RefusedFile("malformed CSV header: " + e.getMessage(), "line 1");
        }
        if (rows.isEmpty()) {
            throw new RefusedFile("the file has no data row", header ? "line 1 is the header and nothing follows" : "");
        }
        return rows;
    }

    private static String message(Exception e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage();
    }

    /** @return the 1-based line on which the character at {@code position} is */
    static long lineOf(String text, long position) {
        long line = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
