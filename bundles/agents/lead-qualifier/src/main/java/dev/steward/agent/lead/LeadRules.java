package dev.steward.agent.lead;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scoring rules, from {@code etc/dev.steward.agent.lead.cfg}: the words that signal a buyer or spam, the free-mail
 * domains, and the grade thresholds. Every rule that fires adds its points and a reason.
 */
record LeadRules(Set<String> buyingWords, Set<String> spamWords, Set<String> freeMailDomains, int gradeA, int gradeB) {

    static final int BASE = 30;
    static final int KNOWN_PERSON = 20;
    static final int KNOWN_ORGANIZATION = 15;
    static final int CLIENT = 25;
    static final int BUSINESS_MAIL = 10;
    static final int FREE_MAIL = -5;
    static final int BUYING_WORD = 5;
    static final int BUYING_MAX = 25;
    static final int SPAM = -40;
    static final int MODEL_BUYING = 10;
    static final int EARLIER_EPISODE = 2;
    static final int EARLIER_MAX = 10;

    static LeadRules from(LeadQualifierAgent.Config c) {
        if (c.grade_b() < 0 || c.grade_a() <= c.grade_b() || c.grade_a() > 100) {
            throw new IllegalArgumentException("etc/dev.steward.agent.lead.cfg: grade.a (" + c.grade_a()
                    + ") must be above grade.b (" + c.grade_b() + "), both 0 to 100");
        }
        return new LeadRules(words(c.buying_words()), words(c.spam_words()), words(c.free_mail_domains()), c.grade_a(),
                c.grade_b());
    }

    private static Set<String> words(String list) {
        return Arrays.stream(list.split(",")).map(w -> w.strip().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    String grade(int score) {
        return score >= gradeA ? "A" : score >= gradeB ? "B" : "C";
    }

    /** The rule words found in a text, whole words or phrases, in sorted order. */
    static List<String> found(Set<String> words, String text) {
        String padded = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
        return words.stream().filter(w -> padded.contains(" " + w.replaceAll("[^\\p{L}\\p{N}]+", " ") + " "))
                .sorted().toList();
    }
}
