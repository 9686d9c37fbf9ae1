package jp.kakehashi.appliance.identity;

import java.util.Optional;

/** What checking a password found; every channel's lock-out counts only {@link Rejected}. */
public sealed interface PasswordCheck {
    /** The password is right, and the account is enabled and belongs to the zone asked about. */
    record Accepted(Account account) implements PasswordCheck {}

    /**
     * Unknown name, wrong password, disabled, another zone's account: one answer after the same
     * work, so a caller cannot tell them apart.
     */
    record Rejected() implements PasswordCheck {}

    /**
     * The municipality's directory, which holds this name's password, could not be asked. Nobody
     * guessed wrong, so nothing counts towards a lock-out: staff retrying through an outage are
     * not locked out when it ends.
     */
    record DirectoryUnreachable() implements PasswordCheck {}

    /** The account, when the password was accepted. */
    default Optional<Account> accepted() {
        return this instanceof Accepted a ? Optional.of(a.account()) : Optional.empty();
    }
}
