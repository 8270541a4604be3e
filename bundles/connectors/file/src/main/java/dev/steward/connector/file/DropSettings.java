package dev.steward.connector.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated settings of one drop folder.
 *
 * @param name the folder's name, part of its route ids, its repository's name and every start key
 * @param folder the absolute path of the folder polled
 * @param flow the flow definition each record starts
 * @param format how files are read
 * @param maxFileBytes the largest file read
 * @param csvHeader whether the first CSV row names the columns
 * @param csvColumns the column names when it does not
 * @param csvDelimiter the CSV delimiter
 * @param poll the time between two looks into the folder
 * @param stable how long a file must stay unchanged before it is read
 * @param processed where processed files go
 * @param quarantine where bad files go
 * @param redeliveries how often a failed flow start is retried
 * @param redeliveryDelay the delay before the first retry
 */
record DropSettings(String name, Path folder, String flow, Format format, long maxFileBytes, boolean csvHeader,
        List<String> csvColumns, char csvDelimiter, Duration poll, Duration stable, Path processed, Path quarantine,
        int redeliveries, Duration redeliveryDelay) {

    static final String PID = "dev.steward.connector.file";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** How the records of a file are read. */
    enum Format {
        /** By the file's extension: {@code .csv} or {@code .json}. */
        AUTO,
        CSV,
        JSON
    }

    DropSettings {
        if (!NAME.matcher(name).matches()) {
            throw invalid(name, "name", "must be 1 to 64 letters, digits, - or _, was '" + name + "'");
        }
        if (flow.isBlank()) {
            throw invalid(name, "flow", "must name the flow definition a record starts");
        }
        if (!folder.isAbsolute()) {
            throw invalid(name, "folder", "must be resolved to an absolute path, was " + folder);
        }
        if (maxFileBytes < 1) {
            throw invalid(name, "max.file.bytes", "must be positive, was " + maxFileBytes);
        }
        csvColumns = List.copyOf(csvColumns);
        if (!csvHeader && csvColumns.isEmpty()) {
            throw invalid(name, "csv.columns", "must name the columns when csv.header = false");
        }
        if (csvDelimiter == '"' || csvDelimiter == '\r' || csvDelimiter == '\n') {
            throw invalid(name, "csv.delimiter", "cannot be a quote or a line break");
        }
        if (poll.toMillis() < 10 || stable.isNegative()) {
            throw invalid(name, "poll.ms", "must be at least 10 and stable.ms 0 or more");
        }
        if (processed.equals(folder) || quarantine.equals(folder) || processed.equals(quarantine)) {
            throw invalid(name, "processed.folder", "and quarantine.folder must be two other folders than the drop folder");
        }
        if (redeliveries < 0 || redeliveryDelay.isNegative()) {
            throw invalid(name, "redelivery.attempts", "and redelivery.delay.ms must be 0 or more");
        }
    }

    /** Reads a drop folder's configuration; the name defaults to the {@code <name>} of its file name. */
    static DropSettings of(FileDropConfig config, Map<String, Object> properties, Path home) {
        String name = config.name().isBlank() ? nameFromFile(properties.get("felix.fileinstall.filename")) : config.name().strip();
        Path folder = home.resolve(config.folder().isBlank() ? "drops/" + name : config.folder().strip()).normalize();
        Format format;
        try {
            format = Format.valueOf(config.format().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(name, "format", "must be csv, json or auto, was '" + config.format() + "'");
        }
        List<String> columns = config.csv_columns().isBlank() ? List.of()
                : Arrays.stream(config.csv_columns().split(",")).map(String::strip).toList();
        return new DropSettings(name, folder, config.flow().strip(), format, config.max_file_bytes(), config.csv_header(),
                columns, delimiter(name, config.csv_delimiter()), Duration.ofMillis(config.poll_ms()),
                Duration.ofMillis(config.stable_ms()), folder.resolve(config.processed_folder().strip()).normalize(),
                folder.resolve(config.quarantine_folder().strip()).normalize(), config.redelivery_attempts(),
                Duration.ofMillis(config.redelivery_delay_ms()));
    }

    /** @return the Karaf home ({@code karaf.base}), against which a relative folder is resolved */
    static Path karafHome() {
        return Path.of(System.getProperty("karaf.base", ".")).toAbsolutePath().normalize();
    }

    private static char delimiter(String name, String value) {
        if (value.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (value.length() != 1) {
            throw invalid(name, "csv.delimiter", "must be one character or 'tab', was '" + value + "'");
        }
        return value.charAt(0);
    }

    private static String nameFromFile(Object file) {
        if (file == null) {
            return "";
        }
        String f = file.toString();
        f = f.substring(f.lastIndexOf('/') + 1);
        String prefix = PID + "-";
        return f.startsWith(prefix) && f.endsWith(".cfg") ? f.substring(prefix.length(), f.length() - 4) : "";
    }

    /**
     * @return the folder's camel-file URI: files still being written (named {@code *.tmp}, {@code *.part} or
     *         {@code .*}, or changing within {@link #stable}) are left alone; each file is moved where the route
     *         decides ({@link DropGate#TARGET}); a file whose exchange failed stays for the next poll
     */
    String consumerUri() {
        long check = Math.max(stable.toMillis(), 10);
        return "file:" + folder + "?delay=" + poll.toMillis() + "&initialDelay=" + Math.min(poll.toMillis(), 1000)
                + "&readLock=changed&readLockCheckInterval=" + check + "&readLockTimeout=" + Math.max(10_000, 4 * check)
                + "&readLockMinLength=0&excludeExt=tmp,part&sortBy=file:modified"
                + "&move=${exchangeProperty." + DropGate.TARGET + "}";
    }

    String routeId() {
        return "steward-connector-file-" + name;
    }

    /** The internal entry point of one record, where a replay from the exceptions inbox comes in. */
    String recordUri() {
        return "direct:steward-connector-file-" + name + "-record";
    }

    /** The fabric's durable repository of this folder, keyed by the SHA-256 of a file's content. */
    String repository() {
        return "file-" + name;
    }

    /** @return the start key of a record: the same for the same content, whatever the file is called */
    String startKey(String sha256, int index) {
        return "file-" + name + ":" + sha256 + ":" + index;
    }

    private static IllegalArgumentException invalid(String name, String key, String problem) {
        return new IllegalArgumentException(key + " in etc/" + PID + "-" + name + ".cfg " + problem);
    }

    @Override
    public String toString() {
        return "drop folder " + name + " at " + folder + " starting flow " + flow + " (" + format.name().toLowerCase(Locale.ROOT)
                + ", files up to " + maxFileBytes + " bytes, processed to " + processed + ", quarantined to " + quarantine + ")";
    }
}
