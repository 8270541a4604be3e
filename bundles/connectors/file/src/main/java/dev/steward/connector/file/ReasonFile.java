package dev.steward.connector.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The {@code <file>.reason.txt} written beside a quarantined file: what was wrong, where in the file, and when. */
final class ReasonFile {

    private ReasonFile() {
    }

    static Path of(Path quarantined) {
        return quarantined.resolveSibling(quarantined.getFileName() + ".reason.txt");
    }

    static void write(Path quarantined, String file, DropSettings drop, RefusedFile refused, Instant when) throws IOException {
        Files.createDirectories(quarantined.getParent());
        String text = "file: " + file + "\n"
                + "drop folder: " + drop.name() + " (" + drop.folder() + ")\n"
                + "quarantined at: " + when + "\n"
                + "reason: " + refused.reason() + "\n"
                + "where: " + (refused.where().isEmpty() ? "the file as a whole" : refused.where()) + "\n"
                + "nothing was started from this file; fix it and drop it again\n";
        Files.writeString(of(quarantined), text, StandardCharsets.UTF_8);
    }
}
