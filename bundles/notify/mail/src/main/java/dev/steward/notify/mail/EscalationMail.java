package dev.steward.notify.mail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.flow.StepRun;

/**
 * Renders the operator's mail about one escalation: the subject, a plain-text body with what the decision needs
 * and how to make it, and the identifiers that make a resent mail recognizably the same one.
 */
final class EscalationMail {

    static final String API = "/steward/api/v1";
    private static final Logger LOG = LoggerFactory.getLogger(EscalationMail.class);
    private static final ObjectWriter JSON = JsonMapper.builder().build().writerWithDefaultPrettyPrinter();

    private EscalationMail() {
    }

    /** @return the key under which the escalation counts as notified: {@code escalation:<flowId>/<stepId>} */
    static String idempotencyKey(Escalation e) {
        return "escalation:" + e.flowId() + "/" + e.stepId();
    }

    /**
     * @return {@code <escalation.<flowId>.<stepId>@steward>}, the same for every send of this escalation; characters
     *         other than letters, digits, {@code -} and {@code _} are written {@code =XX} (UTF-8, hex) so that two
     *         escalations never share an id
     */
    static String messageId(Escalation e) {
        return "<escalation." + atom(e.flowId()) + "." + atom(e.stepId()) + "@steward>";
    }

    static String subject(Escalation e) {
        return "[Steward] Approval needed: " + e.capability() + " in " + e.definitionId() + " (" + e.flowId() + "/" + e.stepId() + ")";
    }

    static String body(Escalation e) {
        StringBuilder b = new StringBuilder();
        b.append("A policy holds a step of a flow for your decision.\n\n");
        b.append("Flow:        ").append(e.flowId()).append(" (").append(e.definitionId()).append(" v").append(e.definitionVersion()).append(")\n");
        b.append("Step:        ").append(e.stepId()).append('\n');
        b.append("Capability:  ").append(e.capability()).append('\n');
        b.append("Held since:  ").append(e.heldSince()).append('\n');
        b.append("Deadline:    ").append(e.deadline()).append("approve".equals(e.onExpiry())
                ? " (the step runs as proposed if nobody decides before)\n" : " (the step fails if nobody decides before)\n");
        b.append("Cost:        ").append(e.costSoFarUsd().toPlainString()).append(" USD so far; ")
                .append(e.reservedUsd().toPlainString()).append(" USD reserved for this step\n");
        section(b, "Why it was held");
        b.append(indent(e.reasons().isBlank() ? "(no reason given)" : e.reasons()));
        if (!e.rationale().isBlank()) {
            section(b, "Why the agents proposed it");
            b.append(indent(e.rationale()));
        }
        if (!e.recommended().isBlank()) {
            section(b, "Recommended");
            b.append(indent(e.recommended() + "\n(choices: " + String.join(", ", e.choices()) + ")"));
        }
        section(b, "Proposed input (what the step runs with when approved as it is)");
        b.append(indent(json(e.proposedInput())));
        section(b, "The flow so far");
        b.append(indent(history(e.history())));
        section(b, "What a rollback of the flow could undo now");
        b.append(indent(undo(e.undo())));
        section(b, "Decide");
        b.append(indent(commands(e)));
        return b.toString();
    }

    private static void section(StringBuilder b, String title) {
        b.append('\n').append(title).append('\n');
    }

    private static String history(List<StepRun> history) {
        if (history.isEmpty()) {
            return "(no step journaled yet)";
        }
        StringBuilder b = new StringBuilder();
        for (StepRun run : history) {
            b.append(run.stepId()).append("  ").append(run.status());
            if (!run.agent().isEmpty()) {
                b.append("  by ").append(run.agent());
            }
            if (!run.error().isEmpty()) {
                b.append("  (").append(run.error()).append(')');
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String undo(RollbackPreview preview) {
        if (preview == null) {
            return "(not known)";
        }
        StringBuilder b = new StringBuilder();
        for (RollbackPreview.Undo u : preview.undo()) {
            b.append("would undo ").append(u.stepId()).append(" by ").append(u.capability()).append('\n');
        }
        for (String step : preview.irreversible()) {
            b.append("cannot undo ").append(step).append(" (no compensation)\n");
        }
        return b.isEmpty() ? "nothing has been done that could be undone" : b.toString();
    }

    private static String commands(Escalation e) {
        String step = API + "/flows/" + e.flowId() + "/steps/" + e.stepId();
        return "In the Steward shell:\n"
                + "  steward:approve " + e.flowId() + " " + e.stepId() + "\n"
                + "  steward:approve " + e.flowId() + " " + e.stepId() + " field=value   (approve with a changed input field)\n"
                + "  steward:reject " + e.flowId() + " " + e.stepId() + " <reason>\n"
                + "  steward:reject --rollback " + e.flowId() + " " + e.stepId() + " <reason>   (reject and undo what the flow did)\n"
                + "Over the REST API (as an operator):\n"
                + "  POST " + step + "/approve   optional body {\"input\": {...}}\n"
                + "  POST " + step + "/reject    optional body {\"reason\": \"...\", \"rollback\": true}\n";
    }

    private static String json(Map<String, Object> input) {
        try {
            return JSON.writeValueAsString(input);
        } catch (JsonProcessingException ex) {
            // the kernel journals inputs as JSON, so this is not expected; still, the mail must go out
            LOG.warn("Proposed input not shown as JSON in an escalation mail: {}", ex.getOriginalMessage());
            return String.valueOf(input) + "\n(not shown as JSON: " + ex.getOriginalMessage() + ")";
        }
    }

    private static String indent(String text) {
        StringBuilder b = new StringBuilder();
        text.lines().forEach(line -> b.append("  ").append(line).append('\n'));
        return b.toString();
    }

    private static String atom(String id) {
        StringBuilder b = new StringBuilder();
        for (byte c : id.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                b.append((char) c);
            } else {
                b.append('=').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }
}
