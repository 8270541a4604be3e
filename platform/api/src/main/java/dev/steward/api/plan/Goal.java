package dev.steward.api.plan;

import java.util.Map;
import java.util.Objects;

/**
 * What the operator wants done: a sentence, and the structured data the work needs. The context becomes the input of
 * the flow that runs the plan, with the text beside it as the field {@value #TEXT_FIELD}.
 *
 * @param text what is wanted, not blank
 * @param context named values the steps may read ({@code null} becomes empty); no {@code null} values, and no field
 *        named {@value #TEXT_FIELD}, which holds the text
 */
public record Goal(String text, Map<String, Object> context) {

    /** The flow input field that holds the goal's text. */
    public static final String TEXT_FIELD = "goal";

    /** Validates the fields and copies the context. */
    public Goal {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("goal text must not be blank");
        }
        context = context == null ? Map.of() : Map.copyOf(context);
        if (context.containsKey(TEXT_FIELD)) {
            throw new IllegalArgumentException("context field '" + TEXT_FIELD + "' is reserved for the goal's text");
        }
    }
}
