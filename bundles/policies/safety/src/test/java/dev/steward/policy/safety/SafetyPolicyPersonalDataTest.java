package dev.steward.policy.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The detectors of the safety policy, on their own: what counts as personal data and what does not. */
class SafetyPolicyPersonalDataTest {

    /** The text with what was found redacted: shows both the kind and the exact stretch of text. */
    private static String redacted(String text) {
        return PersonalData.redact(text, PersonalData.find(text));
    }

    @Test
    void anIbanCountsOnlyWithAValidChecksum() {
        assertTrue(Checksums.isIban("DE89370400440532013000"));
        assertFalse(Checksums.isIban("DE88370400440532013000"));
        assertEquals("pay [redacted:iban] today", redacted("pay DE89 3704 0044 0532 0130 00 today"));
        assertEquals("pay [redacted:iban] NOW", redacted("pay GB82 WEST 1234 5698 7654 32 NOW"));
        assertEquals("pay [redacted:iban].", redacted("pay NL91ABNA0417164300."));
        assertEquals("pay DE88 3704 0044 0532 0130 00 today", redacted("pay DE88 3704 0044 0532 0130 00 today"),
                "one digit off: neither an IBAN nor, being 18 digits, a phone number");
        assertEquals("ref AB12CDEF34567890XYZ", redacted("ref AB12CDEF34567890XYZ"), "random, shaped like an IBAN");
    }

    @Test
    void aCardNumberCountsOnlyWithAValidLuhnChecksum() {
        assertTrue(Checksums.isLuhn("4111111111111111"));
        assertFalse(Checksums.isLuhn("4111111111111112"));
        assertEquals("card [redacted:card] exp 12/29", redacted("card 4111 1111 1111 1111 exp 12/29"));
        assertEquals("card [redacted:card]", redacted("card 5500-0000-0000-0004"));
        assertEquals("card 4111 1111 1111 1112", redacted("card 4111 1111 1111 1112"));
        assertEquals("id 4929123456789012", redacted("id 4929123456789012"));
    }

    @Test
    void phoneNumbersHaveNineToFifteenDigits() {
        assertEquals("call [redacted:phone] now", redacted("call +49 30 1234567 now"));
        assertEquals("call [redacted:phone].", redacted("call +1 (555) 123-4567."));
        assertEquals("call [redacted:phone]", redacted("call 030 12345678"));
        assertEquals("call [redacted:phone]", redacted("call 01.23.45.67.89"));
        assertEquals("call 1234 5678", redacted("call 1234 5678"), "8 digits");
        String dates = "on 2026-11-30 10:00 or 2026-11-30 at 10:00, 2026-11-30 2026-12-01, 2026-11-30 12 people";
        assertEquals(dates, redacted(dates), "dates and times");
        assertEquals("total 1234567.89 EUR", redacted("total 1234567.89 EUR"));
        assertEquals("see https://x.test/o/123456789 or ?id=123456789",
                redacted("see https://x.test/o/123456789 or ?id=123456789"), "a path or a parameter");
        assertEquals("v1234567890 1234567890123456", redacted("v1234567890 1234567890123456"),
                "inside a word; 16 digits failing Luhn");
    }

    @Test
    void emailAddressesAreFoundAndTheirDigitsAreNotAlsoAPhone() {
        assertEquals("to [redacted:email], cc [redacted:email].",
                redacted("to anna.k+news@customer.test, cc 123456789@sms.example.org."));
        assertEquals("at @handle or a@b", redacted("at @handle or a@b"));
        assertEquals(List.of(), PersonalData.find("no personal data here, 42 of them"));
    }
}
