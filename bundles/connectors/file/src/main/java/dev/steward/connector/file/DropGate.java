package dev.steward.connector.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides on a dropped file before anything is started: its size (before it is read), then its encoding (UTF-8),
 * then all of its records. A good file leaves its records as the body, the SHA-256 of its content in
 * {@value #SHA256}, and is bound for the processed folder; a bad one is bound for the quarantine folder, with a
 * reason file written beside it, and marked {@value #QUARANTINED}. Either way {@value #TARGET} is the path, named
 * with the time, that camel-file moves the file to when the exchange completes.
 */
final class DropGate implements Processor {

    /** Exchange property: the absolute path the file is moved to when its exchange completes. */
    static final String TARGET = "StewardFileTarget";
    /** Exchange property set on a quarantined file: the reason. */
    static final String QUARANTINED = "StewardFileQuarantined";
    /** Header of a good file: the hex SHA-256 of its content. */
    static final String SHA256 = "StewardFileSha256";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(DropGate.class);

    private final DropSettings drop;
    private final CsvRecords csv;
    private final Clock clock;

    DropGate(DropSettings drop, Clock clock) {
        this.drop = drop;
        this.csv = new CsvRecords(drop);
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        String file = in.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Instant now = clock.instant();
        try {
            readRecords(in, file);
            exchange.setProperty(TARGET, free(drop.processed(), file, now).toString());
        } catch (RefusedFile refused) {
            Path target = free(drop.quarantine(), file, now);
            ReasonFile.write(target, file, drop, refused, now);
            exchange.setProperty(QUARANTINED, refused.reason());
            exchange.setProperty(TARGET, target.toString());
            // the reason and where only, never the content
            LOG.info("Drop folder {}: {} quarantined as {}: {}{}", drop.name(), file, target.getFileName(), refused.reason(),
                    refused.where().isEmpty() ? "" : " (" + refused.where() + ")");
        }
    }

    private void readRecords(Message in, String file) throws RefusedFile {
        Long length = in.getHeader(Exchange.FILE_LENGTH, Long.class);
        if (length != null && length > drop.maxFileBytes()) {
            throw tooLarge(length);
        }
        byte[] content = in.getBody(byte[].class);
        content = content == null ? new byte[0] : content;
        if (content.length > drop.maxFileBytes()) {
            throw tooLarge(content.length);
        }
        if (content.length == 0) {
            throw new RefusedFile("the file is empty", "");
        }
        String text = utf8(content);
        List<Map<String, Object>> records = switch (formatOf(file)) {
            case CSV -> csv.read(text);
            case JSON -> JsonRecords.read(text);
            default -> throw new IllegalStateException("no format");
        };
        in.setHeader(SHA256, sha256(content));
        in.setBody(records);
    }

    private RefusedFile tooLarge(long length) {
        return new RefusedFile("the file has " + length + " bytes, more than max.file.bytes = " + drop.maxFileBytes(), "");
    }

    private DropSettings.Format formatOf(String file) throws RefusedFile {
        if (drop.format() != DropSettings.Format.AUTO) {
            return drop.format();
        }
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return DropSettings.Format.CSV;
        }
        if (lower.endsWith(".json")) {
            return DropSettings.Format.JSON;
        }
        throw new RefusedFile("the format is not known: the name ends neither in .csv nor in .json (or set format)", "");
    }

    private static String utf8(byte[] content) throws RefusedFile {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new RefusedFile("the file is not UTF-8 text", "byte " + bytes.position());
        }
    }

    /** @return the file name with the time (and a counter from 2 on) before its extension: {@code orders-20261130-155103-123.csv} */
    static String stamped(String file, Instant when, int n) {
        int dot = file.lastIndexOf('.');
        String stamp = STAMP.format(when) + (n > 1 ? "-" + n : "");
        return dot > 0 ? file.substring(0, dot) + "-" + stamp + file.substring(dot) : file + "-" + stamp;
    }

    /** @return a path in {@code folder} for the file, named with the time, that no file has yet (nothing is overwritten) */
    private static Path free(Path folder, String file, Instant when) {
        Path target = folder.resolve(stamped(file, when, 1));
        for (int n = 2; Files.exists(target) || Files.exists(ReasonFile.of(target)); n++) {
            target = folder.resolve(stamped(file, when, n));
        }
        return target;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
