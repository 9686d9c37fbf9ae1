package jp.kakehashi.web.port;

import java.util.Optional;

/**
 * The account source behind the login pages. Today the appliance's own directory; LDAP/AD for
 * staff can implement the same interface later.
 */
public interface Accounts {
    /**
     * The user, if the password is right, the account is enabled and it belongs to {@code zone}.
     * Every other case (unknown name, wrong password, disabled, another zone) is the same empty
     * answer after the same work, so a caller cannot tell them apart.
     */
    Optional<User> authenticate(String name, char[] password, Zone zone);

    /** The user as the directory has it now, if the account still exists and is enabled. */
    Optional<User> current(String name);

    /** The account's TOTP secret, if it has enrolled an authenticator. */
    Optional<byte[]> totpSecret(String name);

    /** Stores a newly confirmed TOTP secret for the account (enrolment), audited by the implementation. */
    void enrolTotp(String name, byte[] secret);

    /**
     * The account an open one-time password link is for, if that account signs in on {@code zone}
     * (a link works only on its own zone's portal).
     */
    Optional<String> passwordLink(String token, Zone zone);

    /** Sets the account's password through the link, which is used up; refused with the reason otherwise. */
    Verdict setPassword(String token, Zone zone, char[] password);
}
