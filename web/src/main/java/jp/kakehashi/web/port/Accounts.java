package jp.kakehashi.web.port;

import java.util.List;
import java.util.Optional;

/**
 * The account source behind the login pages, and the one sign-in policy every channel shares:
 * lock-out and throttling, and the second factor with its replay guard, are decided behind this
 * port, where SFTP and the API ask the same questions. The portal only translates.
 */
public interface Accounts {
    /** What a sign-in attempt may do now. */
    enum Gate {
        OPEN,
        ACCOUNT_LOCKED,
        SOURCE_THROTTLED
    }

    /** What a password check found; only {@link Rejected} counts towards a lock-out. */
    sealed interface PasswordCheck {
        /** The password is right, the account is enabled and it belongs to the zone. */
        record Accepted(User user) implements PasswordCheck {}

        /**
         * Unknown name, wrong password, disabled, another zone: the same answer after the same
         * work, so a caller cannot tell them apart.
         */
        record Rejected() implements PasswordCheck {}

        /** The municipality's directory, which holds this name's password, could not be asked. */
        record DirectoryUnreachable() implements PasswordCheck {}
    }

    /** Checks a password typed at the sign-in page. */
    PasswordCheck checkPassword(String name, char[] password, Zone zone);

    /** The user as the directory has it now, if the account still exists and is enabled. */
    Optional<User> current(String name);

    /** Whether {@code name} may try to sign in on {@code zone} from {@code source} now (shared with SFTP and the API). */
    Gate gate(String name, Zone zone, String source);

    /** Counts a wrong password or code against the account and the address, on every channel at once. */
    void signInFailed(String name, Zone zone, String source);

    /** A sign-in got through: the account's count of failures in a row starts again. */
    void signInSucceeded(String name, Zone zone);

    /**
     * Whether this user may sign in or act from {@code source} (an administrator only from the
     * management range). Asked at sign-in and again on every request, so a session or token
     * carried to another desk is of no use.
     */
    boolean admitsFrom(User user, String source);

    /** Whether this user must pass a second factor (by default every role; see the appliance's sign-in settings). */
    boolean secondFactorRequired(User user);

    /** Whether the account has enrolled an authenticator. */
    boolean totpEnrolled(String name);

    /**
     * Whether the municipality's directory could not be asked the last time: a failed sign-in then
     * says so, instead of only "wrong password" (it tells nothing about the name typed).
     */
    boolean directoryUnavailable();

    /** Whether the account's password is the municipality's directory's: it is changed there, not here. */
    boolean passwordInDirectory(String name);

    /** True if {@code code} is the account's current code and was never accepted before, on any channel. */
    boolean verifyTotp(String name, String code);

    /** A new authenticator secret, in base32, for the enrolment page. */
    String newTotpSecret();

    /** The otpauth URI of the enrolment QR code. */
    String totpUri(String name, String secretBase32);

    /** Enrols {@code secretBase32} if {@code code} is right for it now (audited); false and nothing stored otherwise. */
    boolean enrolTotp(String name, String secretBase32, String code);

    /**
     * The account an open one-time password link is for, if that account signs in on {@code zone}
     * (a link works only on its own zone's portal).
     */
    Optional<String> passwordLink(String token, Zone zone);

    /**
     * Sets the account's password through the link, which is used up (and with it every session
     * and token of the account); refused with the reason otherwise.
     */
    Verdict setPassword(String token, Zone zone, char[] password);

    /**
     * The signed-in user changes their own password, giving the current one; a wrong one counts
     * as a failed sign-in from {@code source} (so the page cannot be used to guess it). Done, every
     * session and token of the account ends; refused with the reason otherwise.
     */
    Verdict changePassword(User user, Zone zone, String source, char[] current, char[] next);

    /**
     * The signed-in user moves their second factor to a new authenticator (a new phone): a code
     * of the one enrolled now (a wrong one counts as a failed sign-in), then a code of the new
     * secret. Done, every session and token of the account ends; refused with the reason otherwise.
     */
    Verdict replaceTotp(User user, Zone zone, String source, String currentCode, String secretBase32, String newCode);

    /**
     * Ten new recovery codes for the user, replacing any earlier ones, to be shown once; empty
     * when they have no authenticator to stand in for.
     */
    List<String> issueRecoveryCodes(User user);

    /** How many unused recovery codes the account has. */
    int recoveryCodesLeft(String name);

    /** The account's latest sign-ins on every channel, newest first. */
    List<SignInView> recentSignIns(String name);

    /** Where the user's mail notices go, and whether they want them. */
    NoticeSettings notices(String name);

    /** The user sets their own notice address (empty: none) and whether they want notices; refused with the reason for a bad address. */
    Verdict setNotices(User user, NoticeSettings settings);
}
