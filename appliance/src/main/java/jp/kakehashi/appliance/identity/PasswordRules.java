package jp.kakehashi.appliance.identity;

import java.util.Locale;
import java.util.Optional;

/**
 * What a new password must be. Length does most of the work (a passphrase of words is welcome;
 * no rules about symbols, which only make people write passwords down), plus the two mistakes
 * seen most: the account name inside it, and one character repeated.
 */
public final class PasswordRules {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;

    private PasswordRules() {}

    /** Why the password cannot be used, in Japanese and English; empty when it can. */
    public static Optional<Problem> check(char[] password, String account) {
        String p = new String(password);
        if (p.codePointCount(0, p.length()) < MIN_LENGTH) {
            return Optional.of(new Problem(
                    "TOO_SHORT",
                    "パスワードは " + MIN_LENGTH + " 文字以上にしてください（単語をいくつか並べた文が覚えやすく安全です）",
                    "use at least " + MIN_LENGTH
                            + " characters (a few words in a row are easy to remember and strong)"));
        }
        if (p.length() > MAX_LENGTH) {
            return Optional.of(new Problem(
                    "TOO_LONG", "パスワードは " + MAX_LENGTH + " 文字以内にしてください", "use at most " + MAX_LENGTH + " characters"));
        }
        if (p.toLowerCase(Locale.ROOT).contains(account.toLowerCase(Locale.ROOT))) {
            return Optional.of(new Problem(
                    "CONTAINS_NAME", "パスワードにアカウント名を含めないでください", "do not put the account name in the password"));
        }
        if (p.codePoints().distinct().count() < 4) {
            return Optional.of(new Problem(
                    "TOO_SIMPLE",
                    "同じ文字の繰り返しなど、単純すぎるパスワードは使えません",
                    "the password is too simple (too few different characters)"));
        }
        return Optional.empty();
    }

    /** One reason a password was refused. */
    public record Problem(String code, String ja, String en) {}
}
