package dev.steward.policy.safety;

import java.util.List;
import java.util.Map;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;

/**
 * Time per evaluation of the safety policy on a realistic outbound mail step (a 1.5 KB body with an address,
 * a phone number and an IBAN, a subject, a list of attachments, 10 blocked terms, 3 approved recipients).
 * Arguments: evaluations per round (default 200000), rounds (default 5); the first round is a warm-up.
 */
public final class SafetyPolicyBench {

    private SafetyPolicyBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SafetyPolicyTest.Config config = new SafetyPolicyTest.Config();
        config.terms = new String[] {"confidential, project falcon, internal only, password, secret, salary, "
                + "lawsuit, acquisition, do not forward, nda"};
        config.approved = new String[] {"me@acme.test, @partner.test, https://hooks.acme.test/"};
        SafetyPolicy policy = new SafetyPolicy(config);
        PolicySubject[] subjects = {subject("bob@partner.test"), subject("eve@evil.test")};
        Verdict[] expected = {Verdict.ALLOW, Verdict.REQUIRE_APPROVAL};
        for (int i = 0; i < subjects.length; i++) {
            PolicyDecision d = policy.evaluate(subjects[i]);
            if (d.verdict() != expected[i]) {
                throw new AssertionError("bench payload judged " + d);
            }
        }
        int sink = 0;
        for (int round = 0; round <= rounds; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += policy.evaluate(subjects[i & 1]).reasons().size();
            }
            double micros = (System.nanoTime() - start) / 1_000.0 / n;
            System.out.printf("%s round %d: %d evaluations, mean %.2f µs per evaluation%n",
                    round == 0 ? "warm-up" : "measured", round, n, micros);
        }
        System.out.println("(" + sink + " reasons)");
    }

    private static PolicySubject subject(String to) {
        String paragraph = "Thanks for your order of last week. The delivery is planned for 2026-12-04 between "
                + "10:00 and 12:00; the driver will ring first. If that does not suit you, reply to this mail. ";
        String body = "Dear Anna,\n\n" + paragraph.repeat(5)
                + "For the refund, we will use the account DE89 3704 0044 0532 0130 00 you gave us. "
                + "You can reach our team at support@acme.test or +49 30 1234567.\n\n"
                + paragraph.repeat(2) + "Kind regards,\nThe Acme team";
        Map<String, Object> payload = Map.of("to", to, "subject", "Your order 2026-1182: delivery and refund",
                "body", body, "attachments", List.of(Map.of("name", "invoice-2026-1182.pdf", "type", "application/pdf")),
                "priority", 3);
        return new PolicySubject(PolicySubject.Kind.STEP, "flow-1", "notify", "mail.send", payload, null);
    }
}
