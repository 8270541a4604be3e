package dev.steward.memory.internal.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.memory.KnowledgeBank;

/**
 * {@code steward:remember-file}: records a JSON-lines file of episodes, one transaction a line; a bad line is
 * reported with its number and does not stop the others.
 */
@Service
@Command(scope = "steward", name = "remember-file",
        description = "Records a JSON-lines file of episodes (one {text, source, occurredAt, metadata, kind, mentions} a line)")
public class RememberFileCommand implements Action {

    @Reference
    KnowledgeBank knowledge;

    @Reference
    Session session;

    @Argument(index = 0, name = "path", required = true, description = "The .jsonl file, on the platform's host")
    String path;

    @Option(name = "-p", aliases = "--progress", description = "Print progress every this many lines (default 100)")
    int progress = 100;

    @Override
    public Object execute() throws IOException {
        if (progress < 1) {
            throw new IllegalArgumentException("--progress must be 1 or more, was " + progress);
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("No readable file " + file.toAbsolutePath());
        }
        EpisodeLine parser = new EpisodeLine(new ObjectMapper(), ShellInput.provenance(null, session));
        int number = 0;
        int accepted = 0;
        List<String> rejected = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (!line.isBlank()) {
                    try {
                        parser.record(line, knowledge);
                        accepted++;
                    } catch (IllegalArgumentException e) {
                        rejected.add("line " + number + ": " + e.getMessage());
                    }
                }
                if (number % progress == 0) {
                    System.out.println(number + " lines read: " + accepted + " accepted, " + rejected.size() + " rejected");
                }
            }
        }
        System.out.println("Done: " + number + " lines read, " + accepted + " episodes accepted, " + rejected.size()
                + " lines rejected");
        rejected.forEach(r -> System.out.println("  " + r));
        return null;
    }
}
