package jp.kakehashi.appliance.identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.kakehashi.appliance.store.Tx;

/**
 * Where the directory and everything that signs a person in are kept: accounts and their groups,
 * the credential generation, API tokens, authenticators, sign-in failures and password links. The
 * port {@link Accounts}, {@link Credentials}, {@link PersonalTokens}, {@link SecondFactors},
 * {@link SignInGuard} and {@link PasswordLinks} work through; they decide, it keeps. Every call runs
 * inside the caller's {@link Tx}. {@code IdentityStoreContract} is what every adapter must pass.
 */
public interface IdentityStore {
    // --- accounts ---

    boolean accountExists(Tx tx, String name);

    /** Records a new account (credential generation 0). */
    void insertAccount(Tx tx, Account account, Optional<String> passwordHash, Instant at);

    Optional<Account> account(Tx tx, String name);

    /** The account with its credential generation. */
    Optional<Accounts.Generation> withGeneration(Tx tx, String name);

    /** Every account, by name, with its groups. */
    List<Accounts.Listed> accounts(Tx tx);

    /** The password hash (PHC string), empty for an unknown account or one without a password. */
    Optional<String> passwordHash(Tx tx, String name);

    void setPasswordHash(Tx tx, String name, String hash);

    void setDisabled(Tx tx, String name, boolean disabled);

    /** Moves the account's credential generation on: every session of an older one ends. */
    void bumpGeneration(Tx tx, String name);

    Set<String> groups(Tx tx, String name);

    /** Adds a group; nothing when the account has it already. */
    void addGroup(Tx tx, String name, String group);

    void removeGroup(Tx tx, String name, String group);

    /** Organisations with partner accounts, sorted. */
    List<String> partnerOrganisations(Tx tx);

    /** The enabled staff accounts of one organisation (a department), by name. */
    List<String> staffOf(Tx tx, String organisation);

    /** Changes an account's role and organisation (a directory account whose groups changed). */
    void setRoleAndOrganisation(Tx tx, String name, Role role, String organisation);

    // --- accounts from the municipality's directory ---

    /** The directory entry the account comes from; empty for a local account. */
    Optional<String> directoryDn(Tx tx, String name);

    void setDirectoryDn(Tx tx, String name, String dn);

    // --- sign-in history (the account's own page) ---

    /** A completed sign-in: when, on which zone, by which channel ({@code https}, {@code sftp}), from where. */
    record SignInRecord(Instant at, String zone, String channel, String source) {}

    /** Records a sign-in, keeping the account's latest {@code keep}. */
    void recordSignIn(Tx tx, String account, SignInRecord record, int keep);

    /** The account's latest sign-ins, newest first. */
    List<SignInRecord> recentSignIns(Tx tx, String account, int limit);

    // --- the names people know each other by ---

    /** The account's 氏名, if it has one. */
    Optional<String> displayName(Tx tx, String name);

    void setDisplayName(Tx tx, String name, Optional<String> displayName);

    /** Every partner organisation's 団体名 that was given, by id. */
    Map<String, String> organisationNames(Tx tx);

    void setOrganisationName(Tx tx, String organisation, String name);

    // --- contacts (mail notices) ---

    Contact contact(Tx tx, String name);

    void setContact(Tx tx, String name, Contact contact);

    /** The enabled accounts of a role, optionally of one organisation, that want notices at an address: name to contact. */
    Map<String, Contact> reachable(Tx tx, Role role, Optional<String> organisation);

    // --- API tokens (by the SHA-256 of the token; the token is never kept) ---

    /** A token as stored. */
    record StoredToken(
            long id,
            String account,
            String label,
            Instant createdAt,
            Instant expiresAt,
            Optional<Instant> lastUsedAt,
            Optional<Instant> revokedAt) {}

    long insertToken(Tx tx, String account, String label, String tokenSha256, Instant at, Instant expires);

    /** The unrevoked token with that hash, expired or not. */
    Optional<StoredToken> unrevokedToken(Tx tx, String tokenSha256);

    void touchToken(Tx tx, String tokenSha256, Instant at);

    /** An account's tokens, newest first. */
    List<StoredToken> tokens(Tx tx, String account);

    /** Revokes one unrevoked token of the account; false when it has none of that id. */
    boolean revokeToken(Tx tx, long id, String account, Instant at);

    /** Revokes every unrevoked token of the account; how many. */
    int revokeTokens(Tx tx, String account, Instant at);

    // --- authenticators (TOTP secrets, sealed by the caller) ---

    /** An authenticator as stored: its sealed secret and the last time step accepted. */
    record StoredFactor(String sealedSecret, long lastStep) {}

    Optional<StoredFactor> factor(Tx tx, String account);

    /** The accounts with an authenticator. */
    Set<String> enrolled(Tx tx);

    /** Records the authenticator, replacing any earlier one. */
    void putFactor(Tx tx, String account, String sealedSecret, Instant at, long step);

    /** Claims {@code step} as used, only if it is later than the last one; false otherwise. */
    boolean claimStep(Tx tx, String account, long step);

    boolean removeFactor(Tx tx, String account);

    /** Replaces the account's recovery codes with these (their hashes). */
    void replaceRecoveryCodes(Tx tx, String account, List<String> codeSha256s, Instant at);

    /** Uses one unused recovery code; false when there is none with that hash. */
    boolean useRecoveryCode(Tx tx, String account, String codeSha256, Instant at);

    /** How many unused recovery codes the account has. */
    int recoveryCodesLeft(Tx tx, String account);

    // --- sign-in failures (by subject: an account on a zone, or an address) ---

    void addFailures(Tx tx, List<String> subjects, long atMillis);

    int failuresSince(Tx tx, String subject, long sinceMillis);

    void forgetFailuresBefore(Tx tx, long millis);

    void clearFailures(Tx tx, String subject);

    // --- password links (by the SHA-256 of the token) ---

    /** An open link: whose, and until when. */
    record OpenLink(String account, Instant expiresAt) {}

    void voidOpenLinks(Tx tx, String account);

    void insertLink(
            Tx tx, String tokenSha256, String account, String purpose, String createdBy, Instant at, Instant expires);

    Optional<OpenLink> openLink(Tx tx, String tokenSha256);

    /** When the account's open links expire, latest first. */
    List<Instant> openLinkExpiries(Tx tx, String account);

    void useLink(Tx tx, String tokenSha256, Instant at);
}
