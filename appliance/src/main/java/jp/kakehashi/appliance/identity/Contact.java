package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an account's person is told of what concerns them, and how often they want to be.
 *
 * @param email the address notices go to; empty for none
 * @param frequency at once, in one mail a day, or never
 */
public record Contact(Optional<String> email, Frequency frequency) {
    public static final Contact NONE = new Contact(Optional.empty(), Frequency.IMMEDIATELY);

    /** How often a person is told: each notice at once, the day's in one morning mail, or never. */
    public enum Frequency {
        IMMEDIATELY,
        DAILY,
        OFF;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException for a word that is none of them */
        public static Frequency parse(String word) {
            for (Frequency f : values()) {
                if (f.word().equals(word)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("notices must be immediately, daily or off, not '" + word
                    + "' (通知の頻度は immediately・daily・off のいずれかです)");
        }
    }

    public Contact {
        requireNonNull(email, "email");
        requireNonNull(frequency, "frequency");
        email = email.map(String::strip).filter(e -> !e.isEmpty()).map(Contact::checkEmail);
    }

    /** An address a mail relay accepts: one {@code local@domain}, ASCII, no spaces or angle brackets. */
    public static String checkEmail(String email) {
        if (email.length() > 254
                || !email.matches("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
            throw new IllegalArgumentException(
                    "'" + email + "' is not a mail address such as tanaka@city.example.lg.jp (メールアドレスの形式が正しくありません)");
        }
        return email;
    }

    /** The address to tell, if there is one and its person wants to be told at all. */
    public Optional<String> reachable() {
        return frequency == Frequency.OFF ? Optional.empty() : email;
    }

    /** Whether their notices wait for the day's one mail. */
    public boolean daily() {
        return frequency == Frequency.DAILY;
    }
}
