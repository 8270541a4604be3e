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
 * ones, or when its input's amount is above the configured limit. Everything else is allowed. An amount that is
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
