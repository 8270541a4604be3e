package dev.steward.governance.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.FlowService;

/**
 * Whether a completed flow can be rolled back entirely, as {@link FlowService#rollbackPreview} says (no succeeded
 * step without a compensation). The answer is remembered for the most recent flows asked about: a completed flow's
 * steps and definition version do not change while it stays completed, and only completed flows are asked about.
 * A flow whose definition version is no longer known counts as not reversible.
 */
final class Reversibility {

    private static final Logger LOG = LoggerFactory.getLogger(Reversibility.class);
    private static final int REMEMBERED = 10_000;

    private final FlowService flows;
    private final Map<String, Boolean> known = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    Reversibility(FlowService flows) {
        this.flows = flows;
    }

    synchronized boolean test(String flowId) {
        Boolean answer = known.get(flowId);
        if (answer == null) {
            answer = ask(flowId);
            known.put(flowId, answer);
        }
        return answer;
    }

    private boolean ask(String flowId) {
        try {
            return flows.rollbackPreview(flowId).fullyReversible();
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.debug("Flow {} counts as not reversible: {}", flowId, e.getMessage());
            return false;
        }
    }
}
