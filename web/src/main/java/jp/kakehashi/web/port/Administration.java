package jp.kakehashi.web.port;

import java.util.List;
import java.util.Optional;

/**
 * The administrators' side: accounts (invitations, password links, disabling, authenticator
 * resets) and the appliance's health. Every change is audited by the implementation with the
 * administrator as its actor.
 */
public interface Administration {
    /** Every account, by name. */
    List<AccountView> accounts();

    Optional<AccountView> account(String name);

    /** Creates an account with no password and issues its invitation link. */
    Issuance invite(User admin, NewAccount account);

    /** Issues a link with which the account's person sets a new password. */
    Issuance resetPassword(User admin, String name);

    Verdict setEnabled(User admin, String name, boolean enabled);

    /** Forgets the account's authenticator; it enrols a new one at its next sign-in. */
    Verdict resetSecondFactor(User admin, String name);

    Health health();
}
