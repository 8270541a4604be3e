package dev.steward.policy.approval;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.spi.policy.Policy;

/**
 * The approval gate: a step waits for the operator's decision when its capability is one of the configured
 * ones, or when its agent is one of the configured ones, or when the agents of the steps it depends on stated a
 * confidence below the configured threshold, or when its input's amount is above the configured limit. Everything
 * else is allowed. An amount that is
 * not a number, where a limit is set, also waits: the gate does not guess.
 */
@Component(service = Policy.class, configurationPid = "dev.steward.policy.approval",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ApprovalGateConfig.class)
public final class ApprovalGatePolicy implements Policy {

    static final String ID = "approval-gate";
    static final String VERSION = "1.0";

    private final List<String> exact = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private final String amountField;
    private final double amountAbove;
    private final double confidenceBelow;
    private final List<String> agents = new ArrayList<>();

    @Activate
    public ApprovalGatePolicy(ApprovalGateConfig config) {
        for (String entry : config.capabilities()) {
            for (String c : entry.split(",")) {
                String name = c.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!name.matches("[A-Za-z0-9_.:-]+(\\.\\*)?")) {
                    throw new IllegalArgumentException("etc/dev.steward.policy.approval.cfg: capability '" + name
                            + "' must be a capability name, or a prefix ending in '.*'");
                }
                if (name.endsWith(".*")) {
                    prefixes.add(name.substring(0, name.length() - 1));
                } else {
                    exact.add(name);
                }
            }
        }
        amountField = config.amount_field().strip();
        amountAbove = config.amount_above();
        confidenceBelow = config.confidence_below();
        if (confidenceBelow > 1) {
            throw new IllegalArgumentException("etc/dev.steward.policy.approval.cfg: confidence.below must be from 0 to 1 "
                    + "(negative: never), was " + confidenceBelow);
        }
        for (String entry : config.agents()) {
            for (String a : entry.split(",")) {
                if (!a.isBlank()) {
                    agents.add(a.strip());
                }
            }
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public PolicyDecision evaluate(PolicySubject subject) {
        String capability = subject.capability();
        if (exact.contains(capability) || prefixes.stream().anyMatch(capability::startsWith)) {
            return PolicyDecision.requireApproval(ID, VERSION, "capability " + capability + " always waits for a decision");
        }
        if (subject.agentId() != null && agents.contains(subject.agentId())) {
            return PolicyDecision.requireApproval(ID, VERSION, "steps of agent " + subject.agentId() + " always wait for a decision");
        }
        if (confidenceBelow >= 0 && subject.confidence() != null && subject.confidence() < confidenceBelow) {
            return PolicyDecision.requireApproval(ID, VERSION, "the agents it depends on were only " + subject.confidence()
                    + " confident, below " + confidenceBelow);
        }
        if (amountAbove >= 0 && subject.payload().containsKey(amountField)) {
            Object amount = subject.payload().get(amountField);
            if (!(amount instanceof Number n)) {
                return PolicyDecision.requireApproval(ID, VERSION, amountField + " is not a number");
            }
            if (n.doubleValue() > amountAbove) {
                return PolicyDecision.requireApproval(ID, VERSION, amountField + " " + n + " is above " + amountAbove);
            }
        }
        return PolicyDecision.allow(ID, VERSION);
    }
}
