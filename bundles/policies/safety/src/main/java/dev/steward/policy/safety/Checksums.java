package dev.steward.policy.safety;

/** The check digits that tell an IBAN or a payment card number from a random string of the same shape. */
final class Checksums {

    private Checksums() {
    }

    /** ISO 13616 mod-97: the first four characters moved to the end, letters as 10..35, the number mod 97 is 1. */
    static boolean isIban(String iban) {
        if (iban.length() < 15 || iban.length() > 34) {
            return false;
        }
        String moved = iban.substring(4) + iban.substring(0, 4);
        int rest = 0;
        for (int i = 0; i < moved.length(); i++) {
            int value = Character.digit(moved.charAt(i), 36);
            if (value < 0) {
                return false;
            }
            rest = ((value < 10 ? rest * 10 : rest * 100) + value) % 97;
        }
        return rest == 1;
    }

    /** Luhn: from the right, every second digit doubled (less 9 above 9); the sum ends in 0. */
    static boolean isLuhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
