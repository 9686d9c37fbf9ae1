package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Zone;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * The account directory, and the one place logins are decided. A login is
 * judged by the zone it arrived on and the account: an account of another zone fails exactly
 * like a wrong password (DESIGN §2).
 */
public final class Accounts implements AutoCloseable {
    private final Transactions db;
    private final IdentityStore store;
    private final Credentials credentials;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final DirectoryAccounts directory;

    /** Local accounts only: a municipality without a directory. */
    public Accounts(Transactions db, IdentityStore store, PasswordHasher hasher, Clock clock) {
        this(db, store, hasher, clock, DirectorySource.NONE);
    }

    /**
     * @param directory where staff not held as local accounts sign in ({@link DirectorySource#NONE}
     *     for none): they become accounts that mirror it
     */
    public Accounts(
            Transactions db, IdentityStore store, PasswordHasher hasher, Clock clock, DirectorySource directory) {
        this.db = requireNonNull(db, "db");
        this.store = requireNonNull(store, "store");
        this.credentials = new Credentials(store, clock);
        this.hasher = requireNonNull(hasher, "hasher");
        this.clock = requireNonNull(clock, "clock");
        this.directory = new DirectoryAccounts(db, store, credentials, directory, clock);
    }

    /**
     * Creates an account and queues its audit record ({@code ACCOUNT_CREATED}) in the same
     * transaction, so an account never exists unaudited (ATTACKS AUTH-04).
     *
     * @param actor who creates it: an administrator's name, or {@code cli} for the command line
     * @throws IllegalArgumentException when the name is taken, or neither a password nor a key is given
     */
    public Account create(Account account, Optional<char[]> password, String actor) {
        if (password.isEmpty() && account.sshKeys().isEmpty()) {
            throw new IllegalArgumentException("give a password, an SSH public key, or both (パスワードか SSH 公開鍵を指定してください)");
        }
        return insert(account, password, actor);
    }

    /**
     * Creates an account with no way to sign in yet: its person sets a password through the
     * invitation link an administrator hands them ({@link PasswordLinks}).
     */
    public Account createInvited(Account account, String actor) {
        return insert(account, Optional.empty(), actor);
    }

    private Account insert(Account account, Optional<char[]> password, String actor) {
        for (String key : account.sshKeys()) {
            parseKey(key);
        }
        Optional<String> hash = password.map(hasher::hash);
        return db.writing(tx -> {
            if (store.accountExists(tx, account.name())) {
                throw new IllegalArgumentException("account '" + account.name() + "' already exists (既に存在します)");
            }
            store.insertAccount(tx, account, hash, Instant.now(clock));
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.ACCOUNT_CREATED,
                            actor,
                            "",
                            "",
                            Map.of(
                                    "name", account.name(),
                                    "role", account.role().word(),
                                    "organisation", account.organisation(),
                                    "zone", account.zone().word(),
                                    "password", String.valueOf(hash.isPresent()),
                                    "sshKeys", String.valueOf(account.sshKeys().size()))));
            return account;
        });
    }

    public Optional<Account> find(String name) {
        return db.reading(tx -> store.account(tx, name));
    }

    /** {@link #find} inside the caller's unit of work. */
    public Optional<Account> findIn(Tx tx, String name) {
        return store.account(tx, name);
    }

    /** Whether {@code organisation} has a partner account (enabled or not), inside the caller's unit of work. */
    public boolean isPartnerOrganisationIn(Tx tx, String organisation) {
        return store.partnerOrganisations(tx).contains(organisation);
    }

    /**
     * The groups an account belongs to (課, 係, role groups such as {@code kacho}); policy names
     * senders, recipients and approvers by them. Empty for an unknown account.
     */
    public Set<String> groups(String name) {
        return db.reading(tx -> store.groups(tx, name));
    }

    /** {@link #groups} inside the caller's unit of work. */
    public Set<String> groupsIn(Tx tx, String name) {
        return store.groups(tx, name);
    }

    /**
     * Adds and removes groups of an account, audited ({@code ACCOUNT_GROUPS_CHANGED}) in the same
     * transaction. Returns the groups it now has.
     *
     * @throws IllegalArgumentException when the account does not exist or a group name is not valid
     */
    public Set<String> changeGroups(String name, Set<String> add, Set<String> remove, String actor) {
        for (String g : add) {
            Account.checkGroup(g);
        }
        return db.writing(tx -> {
            if (!store.accountExists(tx, name)) {
                throw new IllegalArgumentException("there is no account '" + name + "' (アカウントがありません)");
            }
            add.forEach(g -> store.addGroup(tx, name, g));
            remove.forEach(g -> store.removeGroup(tx, name, g));
            Set<String> now = store.groups(tx, name);
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.ACCOUNT_GROUPS_CHANGED,
                            actor,
                            "",
                            "",
                            Map.of(
                                    "name", name,
                                    "added", String.join(",", new TreeSet<>(add)),
                                    "removed", String.join(",", new TreeSet<>(remove)),
                                    "groups", String.join(",", now))));
            if (!add.isEmpty() || !remove.isEmpty()) {
                credentials.revokeIn(tx, name, "GROUPS_CHANGED");
            }
            return now;
        });
    }

    /**
     * The account with its credential generation, in one read: what a portal checks at every
     * request of a signed-in session.
     */
    public Optional<Generation> withGeneration(String name) {
        return db.reading(tx -> store.withGeneration(tx, name));
    }

    /**
     * An account and its credential generation.
     *
     * @param credentials changes whenever {@link Credentials#revokeIn} runs for the account
     * @param fromDirectory whether the account comes from the municipality's directory
     */
    public record Generation(Account account, long credentials, boolean fromDirectory) {}

    /**
     * The account as a request of its signed-in session or API token must find it: its generation
     * read once, and for a directory account the directory asked again, so that a person it
     * disabled, removed or moved is cut off at this request (ISSUE 25 §4).
     */
    public Optional<Generation> current(String name) {
        Optional<Generation> g = withGeneration(name);
        if (g.isEmpty() || !g.get().fromDirectory() || g.get().account().disabled()) {
            return g;
        }
        return directory.recheck(name).isEmpty() ? Optional.empty() : withGeneration(name);
    }

    /**
     * Whether the municipality's directory could not be asked the last time it was: its people
     * cannot sign in until it answers again (local accounts can).
     */
    public boolean directoryUnavailable() {
        return directory.unavailable();
    }

    /** Whether the account comes from the municipality's directory (its password is the directory's). */
    public boolean fromDirectory(String name) {
        return db.reading(tx -> store.directoryDn(tx, name)).isPresent();
    }

    /** The account's credential generation (0 for an unknown account): it changes whenever {@link Credentials#revokeIn} runs for it. */
    public long credentials(String name) {
        return withGeneration(name).map(Generation::credentials).orElse(0L);
    }

    /** Every account, by name, with its groups. */
    public List<Listed> list() {
        return db.reading(store::accounts);
    }

    /** An account as an administrator's list shows it. */
    public record Listed(Account account, Set<String> groups, boolean hasPassword, Instant createdAt) {
        public Listed {
            groups = Set.copyOf(groups);
        }
    }

    /**
     * Disables or re-enables an account, audited ({@code ACCOUNT_DISABLED} / {@code ACCOUNT_ENABLED})
     * in the same transaction. A disabled account cannot sign in, and its portal sessions end at
     * their next request. Returns false when nothing changed.
     *
     * @throws IllegalArgumentException when the account does not exist
     */
    public boolean setDisabled(String name, boolean disabled, String actor) {
        return db.writing(tx -> {
            Account a = store.account(tx, name)
                    .orElseThrow(
                            () -> new IllegalArgumentException("there is no account '" + name + "' (アカウントがありません)"));
            if (a.disabled() == disabled) {
                return false;
            }
            store.setDisabled(tx, name, disabled);
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            disabled ? AuditType.ACCOUNT_DISABLED : AuditType.ACCOUNT_ENABLED,
                            actor,
                            "",
                            "",
                            Map.of("name", name)));
            if (disabled) {
                credentials.revokeIn(tx, name, "DISABLED");
            }
            return true;
        });
    }

    /** Sets a new password inside the caller's unit of work (the password link's use; it audits). */
    void setPasswordIn(Tx tx, String name, String hash) {
        store.setPasswordHash(tx, name, hash);
    }

    String hash(char[] password) {
        return hasher.hash(password);
    }

    /**
     * Records a completed sign-in for the person's own history (the latest 50), beside its audit
     * record: the one place every channel's sign-in lands.
     */
    public void recordSignIn(String name, Zone zone, String channel, String source) {
        IdentityStore.SignInRecord r = new IdentityStore.SignInRecord(Instant.now(clock), zone.word(), channel, source);
        db.writing(tx -> {
            store.recordSignIn(tx, name, r, 50);
            return Boolean.TRUE;
        });
    }

    /** The account's latest sign-ins, newest first. */
    public List<IdentityStore.SignInRecord> recentSignIns(String name, int limit) {
        return db.reading(tx -> store.recentSignIns(tx, name, limit));
    }

    public Optional<String> displayName(String name) {
        return db.reading(tx -> store.displayName(tx, name));
    }

    /** Sets or clears (empty) the account's 氏名; audited. */
    public void setDisplayName(String name, Optional<String> displayName, String actor) {
        Optional<String> checked = displayName.filter(n -> !n.isBlank()).map(Names::check);
        db.writing(tx -> {
            if (!store.accountExists(tx, name)) {
                throw new IllegalArgumentException("there is no account '" + name + "' (アカウントがありません)");
            }
            store.setDisplayName(tx, name, checked);
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.NAME_CHANGED, actor, "", "", Map.of("name", name, "label", checked.orElse(""))));
            return Boolean.TRUE;
        });
    }

    /** Every partner organisation's 団体名 that was given, by id. */
    public Map<String, String> organisationNames() {
        return db.reading(store::organisationNames);
    }

    /** Gives a partner organisation its 団体名; audited. */
    public void nameOrganisation(String organisation, String name, String actor) {
        Account.checkOrganisation(organisation);
        String checked = Names.check(name);
        db.writing(tx -> {
            store.setOrganisationName(tx, organisation, checked);
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.NAME_CHANGED,
                            actor,
                            "",
                            "",
                            Map.of("organisation", organisation, "label", checked)));
            return Boolean.TRUE;
        });
    }

    /** Where the account's person is told of what concerns them. */
    public Contact contact(String name) {
        return db.reading(tx -> store.contact(tx, name));
    }

    /**
     * Sets where the account's person is told of what concerns them (their own, from the account
     * page, or an administrator's console), audited without the address's domain hidden: it is
     * the municipality's own directory data.
     *
     * @throws IllegalArgumentException when there is no such account
     */
    public void setContact(String name, Contact contact, String actor) {
        db.writing(tx -> {
            if (!store.accountExists(tx, name)) {
                throw new IllegalArgumentException("there is no account '" + name + "' (アカウントがありません)");
            }
            store.setContact(tx, name, contact);
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.ACCOUNT_CONTACT_CHANGED,
                            actor,
                            "",
                            "",
                            Map.of(
                                    "name",
                                    name,
                                    "email",
                                    contact.email().orElse(""),
                                    "notify",
                                    contact.frequency().word())));
            return Boolean.TRUE;
        });
    }

    /** The enabled staff accounts of a department, by name: whom a partner may name as the one recipient. */
    public List<String> staffOf(String department) {
        return db.reading(tx -> store.staffOf(tx, department));
    }

    /** Organisations that have partner accounts: the folders staff can send to. */
    public List<String> partnerOrganisations() {
        return db.reading(store::partnerOrganisations);
    }

    /**
     * Whether {@code password} is right for an enabled account of {@code zone}. On the LGWAN, a
     * name that is not a local account is the directory's to answer for, when there is one; a
     * directory that cannot be asked is said so, not counted as a wrong password.
     */
    public PasswordCheck checkPassword(String name, char[] password, Zone zone) {
        if (zone == Zone.LGWAN && directory.configured()) {
            Optional<Generation> local = withGeneration(name);
            if (local.isEmpty() || local.get().fromDirectory()) {
                PasswordCheck answer = directory.signIn(name, password);
                return answer instanceof PasswordCheck.Accepted a
                                && (a.account().disabled() || a.account().zone() != zone)
                        ? new PasswordCheck.Rejected()
                        : answer;
            }
        }
        Optional<String> hash = db.reading(tx -> store.passwordHash(tx, name));
        if (hash.isEmpty()) {
            hasher.burn(password);
            return new PasswordCheck.Rejected();
        }
        if (!hasher.verify(password, hash.get())) {
            return new PasswordCheck.Rejected();
        }
        return find(name)
                .filter(a -> !a.disabled() && a.zone() == zone)
                .<PasswordCheck>map(PasswordCheck.Accepted::new)
                .orElseGet(PasswordCheck.Rejected::new);
    }

    /** The account, if {@code key} is one of its keys, it is enabled and it belongs to {@code zone}. */
    public Optional<Account> authenticate(String name, PublicKey key, Zone zone) {
        return current(name)
                .map(Generation::account)
                .filter(a -> !a.disabled() && a.zone() == zone)
                .filter(a -> a.sshKeys().stream().anyMatch(line -> KeyUtils.compareKeys(parseKey(line), key)));
    }

    /** Closes the connections to the directory it was given, if any. */
    @Override
    public void close() {
        directory.close();
    }

    private static PublicKey parseKey(String line) {
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
            if (entry == null) {
                throw new IllegalArgumentException("empty SSH public key line");
            }
            return entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "not an OpenSSH public key line (SSH 公開鍵の形式が正しくありません): " + e.getMessage(), e);
        }
    }
}
