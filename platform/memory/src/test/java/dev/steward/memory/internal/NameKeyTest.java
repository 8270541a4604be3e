package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NameKeyTest {

    @Test
    void lowerCasesStripsAccentsAndCollapsesWhitespace() {
        assertEquals("jose alvarez", NameKey.of("  José \t ÁLVAREZ\n"));
        assertEquals(NameKey.of("Zoë Müller"), NameKey.of("zoe   muller"));
        assertNotEquals(NameKey.of("Ann Lee"), NameKey.of("Anne Lee"));
    }

    @Test
    void luceneSyntaxIsEscapedAndOperatorsBecomeWords() {
        assertEquals("invoice \\(q3\\) and \\\"acme\\\" \\?", LuceneQuery.of("Invoice (Q3) AND \"Acme\" ?"));
    }

    @Test
    void lockStripesAreOrderedAndBounded() {
        var stripes = EntityResolver.stripes("person|ann lee", "ann@example.org");
        assertTrue(stripes.size() >= 1 && stripes.size() <= 2);
        assertEquals(stripes.stream().sorted().toList(), stripes);
        stripes.forEach(s -> assertTrue(s >= 0 && s < EntityResolver.STRIPES));
    }
}
