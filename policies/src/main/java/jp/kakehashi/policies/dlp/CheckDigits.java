package jp.kakehashi.policies.dlp;

/**
 * The check digits of Japan's public numbers and of payment cards. Each method takes ASCII digits
 * only (the caller has already folded full-width digits and removed separators).
 */
public final class CheckDigits {
    private CheckDigits() {}

    /**
     * 個人番号 (12 digits): the last digit is {@code 11 - (Σ Pn×Qn mod 11)}, or 0 when the remainder
     * is 0 or 1, where Pn is the n-th of the first eleven digits counted from the right and Qn is
     * n+1 for n ≤ 6 and n−5 above (行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 第8条).
     */
    public static boolean isMyNumber(String digits) {
        return digits.length() == 12 && allDigits(digits) && digits.charAt(11) - '0' == myNumberCheckDigit(digits);
    }

    /** The check digit for the first eleven digits of {@code digits}. */
    public static int myNumberCheckDigit(String digits) {
        int sum = 0;
        for (int n = 1; n <= 11; n++) {
            int p = digits.charAt(11 - n) - '0';
            int q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }
        int remainder = sum % 11;
        return remainder <= 1 ? 0 : 11 - remainder;
    }

    /**
     * 法人番号 (13 digits): the first digit is {@code 9 - (Σ Pn×Qn mod 9)}, where Pn is the n-th of the
     * last twelve digits counted from the right and Qn is 1 for odd n and 2 for even n
     * (法人番号の指定等に関する省令 第2条).
     */
    public static boolean isCorporateNumber(String digits) {
        return digits.length() == 13 && allDigits(digits) && digits.charAt(0) - '0' == corporateCheckDigit(digits);
    }

    /** The check digit for the last twelve digits of a 13-digit {@code digits}. */
    public static int corporateCheckDigit(String digits) {
        int sum = 0;
        for (int n = 1; n <= 12; n++) {
            int p = digits.charAt(13 - n) - '0';
            sum += p * (n % 2 == 1 ? 1 : 2);
        }
        return 9 - sum % 9;
    }

    /** A payment card number: 13 to 19 digits passing the Luhn check. */
    public static boolean isCardNumber(String digits) {
        if (digits.length() < 13 || digits.length() > 19 || !allDigits(digits)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
