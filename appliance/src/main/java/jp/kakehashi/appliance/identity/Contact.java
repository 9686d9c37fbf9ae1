package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where an account's person is told of what concerns them, and whether they want to be.
 *
 * @param email the address notices go to; empty for none
 * @param notices whether notices are sent at once ({@code false}: never)
 */
public record Contact(Optional<String> email, boolean notices) {
    public static final Contact NONE = new Contact(Optional.empty(), true);

    public Contact {
        requireNonNull(email, "email");
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

    /** The address to tell now, if there is one and its person wants to be told. */
    public Optional<String> reachable() {
        return notices ? email : Optional.empty();
    }
}
