package jp.kakehashi.appliance.identity;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.JdbcTx;
import jp.kakehashi.appliance.store.Tx;
import jp.kakehashi.policies.Zone;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * The account directory in the metadata store, and the one place logins are decided. A login is
 * judged by the zone it arrived on and the account: an account of another zone fails exactly
 * like a wrong password (DESIGN §2).
 */
public final class Accounts {
    private final Database db;
    private final PasswordHasher hasher;
    private final Clock clock;

    public Accounts(Database db, PasswordHasher hasher, Clock clock) {
        this.db = db;
        this.hasher = hasher;
        this.clock = clock;
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
        String hash = password.map(hasher::hash).orElse(null);
        return db.transaction(c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM accounts WHERE name = ?")) {
                exists.setString(1, account.name());
                if (exists.executeQuery().next()) {
                    throw new IllegalArgumentException("account '" + account.name() + "' already exists (既に存在します)");
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO accounts (name, role, organisation, password_hash, ssh_keys, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, account.name());
                s.setString(2, account.role().word());
                s.setString(3, account.organisation());
                s.setString(4, hash);
                s.setString(5, String.join("\n", account.sshKeys()));
                s.setInt(6, account.disabled() ? 1 : 0);
                s.setString(7, Instant.now(clock).toString());
                s.executeUpdate();
            }
            AuditOutbox.enqueue(
                    c,
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
                                    "password", String.valueOf(hash != null),
                                    "sshKeys", String.valueOf(account.sshKeys().size()))));
            return account;
        });
    }

    public Optional<Account> find(String name) {
        return db.read(c -> findIn(c, name));
    }

    /** {@link #find} inside the caller's transaction. */
    public static Optional<Account> findIn(Tx tx, String name) {
        return JdbcTx.call(tx, c -> findIn(c, name));
    }

    /** Whether {@code organisation} has a partner account (enabled or not), inside the caller's transaction. */
    public static boolean isPartnerOrganisation(Tx tx, String organisation) {
        return JdbcTx.call(tx, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT 1 FROM accounts WHERE role = 'partner' AND organisation = ? LIMIT 1")) {
                s.setString(1, organisation);
                return s.executeQuery().next();
            }
        });
    }

    /** {@link #find} inside the caller's transaction. */
    public static Optional<Account> findIn(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT name, role, organisation, ssh_keys, disabled FROM accounts WHERE name = ?")) {
            s.setString(1, name);
            ResultSet rs = s.executeQuery();
            return rs.next() ? Optional.of(read(rs)) : Optional.<Account>empty();
        }
    }

    /**
     * The groups an account belongs to (課, 係, role groups such as {@code kacho}); policy names
     * senders, recipients and approvers by them. Empty for an unknown account.
     */
    public Set<String> groups(String name) {
        return db.read(c -> groupsIn(c, name));
    }

    /** {@link #groups} inside the caller's transaction. */
    public static Set<String> groupsIn(Tx tx, String name) {
        return JdbcTx.call(tx, c -> groupsIn(c, name));
    }

    /** {@link #groups} inside the caller's transaction. */
    public static Set<String> groupsIn(Connection c, String name) throws SQLException {
        Set<String> groups = new TreeSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT grp FROM account_groups WHERE account = ?")) {
            s.setString(1, name);
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                groups.add(rs.getString(1));
            }
        }
        return groups;
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
        return db.transaction(c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM accounts WHERE name = ?")) {
                exists.setString(1, name);
                if (!exists.executeQuery().next()) {
                    throw new IllegalArgumentException("there is no account '" + name + "' (アカウントがありません)");
                }
            }
            try (PreparedStatement insert =
                            c.prepareStatement("INSERT OR IGNORE INTO account_groups (account, grp) VALUES (?, ?)");
                    PreparedStatement delete =
                            c.prepareStatement("DELETE FROM account_groups WHERE account = ? AND grp = ?")) {
                for (String g : add) {
                    insert.setString(1, name);
                    insert.setString(2, g);
                    insert.executeUpdate();
                }
                for (String g : remove) {
                    delete.setString(1, name);
                    delete.setString(2, g);
                    delete.executeUpdate();
                }
            }
            Set<String> now = groupsIn(c, name);
            AuditOutbox.enqueue(
                    c,
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
                Credentials.revokeIn(c, name, "GROUPS_CHANGED", clock);
            }
            return now;
        });
    }

    /**
     * The account with its credential generation, in one read: what a portal checks at every
     * request of a signed-in session.
     */
    public Optional<Generation> withGeneration(String name) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name, role, organisation, ssh_keys, disabled, credentials FROM accounts WHERE name = ?")) {
                s.setString(1, name);
                ResultSet rs = s.executeQuery();
                return rs.next() ? Optional.of(new Generation(read(rs), rs.getLong(6))) : Optional.<Generation>empty();
            }
        });
    }

    /**
     * An account and its credential generation.
     *
     * @param credentials changes whenever {@link Credentials#revokeIn} runs for the account
     */
    public record Generation(Account account, long credentials) {}

    /** The account's credential generation: it changes whenever {@link Credentials#revokeIn} runs for it. */
    public long credentials(String name) {
        return db.read(c -> Credentials.generationIn(c, name));
    }

    /** Every account, by name, with its groups. */
    public List<Listed> list() {
        return db.read(c -> {
            List<Listed> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name, role, organisation, ssh_keys, disabled, password_hash IS NOT NULL AS has_password,"
                            + " created_at FROM accounts ORDER BY name")) {
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    Account a = read(rs);
                    out.add(new Listed(
                            a,
                            groupsIn(c, a.name()),
                            rs.getBoolean("has_password"),
                            Instant.parse(rs.getString("created_at"))));
                }
            }
            return out;
        });
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
        return db.transaction(c -> {
            Account a = findIn(c, name)
                    .orElseThrow(
                            () -> new IllegalArgumentException("there is no account '" + name + "' (アカウントがありません)"));
            if (a.disabled() == disabled) {
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE accounts SET disabled = ? WHERE name = ?")) {
                s.setInt(1, disabled ? 1 : 0);
                s.setString(2, name);
                s.executeUpdate();
            }
            AuditOutbox.enqueue(
                    c,
                    new AuditEvent(
                            disabled ? AuditType.ACCOUNT_DISABLED : AuditType.ACCOUNT_ENABLED,
                            actor,
                            "",
                            "",
                            Map.of("name", name)));
            if (disabled) {
                Credentials.revokeIn(c, name, "DISABLED", clock);
            }
            return true;
        });
    }

    /** Sets a new password inside the caller's transaction (the password link's use; it audits). */
    static void setPasswordIn(Connection c, String name, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE accounts SET password_hash = ? WHERE name = ?")) {
            s.setString(1, hash);
            s.setString(2, name);
            s.executeUpdate();
        }
    }

    String hash(char[] password) {
        return hasher.hash(password);
    }

    /** Organisations that have partner accounts: the folders staff can send to. */
    public List<String> partnerOrganisations() {
        return db.read(c -> {
            List<String> orgs = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT DISTINCT organisation FROM accounts WHERE role = 'partner' ORDER BY organisation")) {
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    orgs.add(rs.getString(1));
                }
            }
            return orgs;
        });
    }

    /** The account, if {@code password} is right, the account is enabled and it belongs to {@code zone}. */
    public Optional<Account> authenticate(String name, char[] password, Zone zone) {
        Optional<String> hash = db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT password_hash FROM accounts WHERE name = ?")) {
                s.setString(1, name);
                ResultSet rs = s.executeQuery();
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
            }
        });
        if (hash.isEmpty()) {
            hasher.burn(password);
            return Optional.empty();
        }
        if (!hasher.verify(password, hash.get())) {
            return Optional.empty();
        }
        return find(name).filter(a -> !a.disabled() && a.zone() == zone);
    }

    /** The account, if {@code key} is one of its keys, it is enabled and it belongs to {@code zone}. */
    public Optional<Account> authenticate(String name, PublicKey key, Zone zone) {
        return find(name)
                .filter(a -> !a.disabled() && a.zone() == zone)
                .filter(a -> a.sshKeys().stream().anyMatch(line -> KeyUtils.compareKeys(parseKey(line), key)));
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

    private static Account read(ResultSet rs) throws SQLException {
        String keys = rs.getString(4);
        List<String> sshKeys = keys == null || keys.isBlank() ? List.of() : Arrays.asList(keys.split("\n"));
        return new Account(rs.getString(1), Role.parse(rs.getString(2)), rs.getString(3), sshKeys, rs.getInt(5) != 0);
    }
}
