package dev.steward.connector.file;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One drop folder, from {@code etc/dev.steward.connector.file-<name>.cfg}. */
@ObjectClassDefinition(name = "Steward file drop", description = "A folder whose CSV and JSON files start one flow per record")
@interface FileDropConfig {

    @AttributeDefinition(description = "The drop folder's name (letters, digits, - and _); empty: the <name> of the file name")
    String name() default "";

    @AttributeDefinition(description = "The folder polled for files; a relative path is resolved against the Karaf home "
            + "(karaf.base); empty: drops/<name>")
    String folder() default "";

    @AttributeDefinition(description = "Id of the flow definition every record starts")
    String flow() default "";

    @AttributeDefinition(description = "csv, json, or auto (by the file's extension: .csv or .json)")
    String format() default "auto";

    @AttributeDefinition(description = "Largest file accepted, in bytes; a larger one is quarantined unread")
    long max_file_bytes() default 10L * 1024 * 1024;

    @AttributeDefinition(description = "Whether the first CSV row names the columns; if not, csv.columns does")
    boolean csv_header() default true;

    @AttributeDefinition(description = "Column names of CSV files without a header row, comma-separated")
    String csv_columns() default "";

    @AttributeDefinition(description = "The CSV delimiter: one character, or 'tab'")
    String csv_delimiter() default ",";

    @AttributeDefinition(description = "Milliseconds between two looks into the folder")
    long poll_ms() default 2000;

    @AttributeDefinition(description = "Milliseconds a file's size and time must stay unchanged before it is read "
            + "(a file still being written is left alone)")
    long stable_ms() default 1000;

    @AttributeDefinition(description = "Where processed files go; relative to the drop folder")
    String processed_folder() default "processed";

    @AttributeDefinition(description = "Where bad files go, each with a <file>.reason.txt; relative to the drop folder")
    String quarantine_folder() default "quarantine";

    @AttributeDefinition(description = "How often a flow start that failed is tried again before the record goes to the exceptions inbox")
    int redelivery_attempts() default 2;

    @AttributeDefinition(description = "Milliseconds before the first retry of a failed flow start (doubling after)")
    long redelivery_delay_ms() default 500;
}
