package dev.steward.rest.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.steward.api.memory.KnowledgeBank;

/**
 * Records a JSON-lines body, one episode object a line, each line in its own transaction: a bad line is reported
 * with its number and reason, writes nothing, and does not stop the others. Blank lines are skipped.
 */
final class EpisodeBulk {

    /**
     * What a bulk ingestion did.
     *
     * @param accepted how many lines were stored
     * @param rejected the lines that were not, with why
     */
    record Report(int accepted, List<Rejected> rejected) {
    }

    /**
     * A line that was not stored.
     *
     * @param line its number, from 1
     * @param reason why
     */
    record Rejected(int line, String reason) {
    }

    private final Json json;
    private final Clock clock;

    EpisodeBulk(Json json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    Report ingest(KnowledgeBank bank, byte[] body, Caller caller) {
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
        int accepted = 0;
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                EpisodeBody episode = EpisodeBody.read(json.readObject(line.getBytes(StandardCharsets.UTF_8), "the line"),
                        caller, clock);
                MemoryResource.refused(() -> episode.recordIn(bank));
                accepted++;
            } catch (ApiError e) {
                if (e.status() != 400 && e.status() != 403) {
                    throw e; // the store is down, say: the whole load stops
                }
                rejected.add(new Rejected(i + 1, e.getMessage()));
            }
        }
        if (accepted == 0 && rejected.isEmpty()) {
            throw new ApiError(400, "the body holds no episode: send one JSON object a line");
        }
        return new Report(accepted, rejected);
    }
}
