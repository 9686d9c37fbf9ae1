package jp.kakehashi.appliance.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Contact;
import jp.kakehashi.appliance.identity.IdentityStore;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.store.Tx;
import org.jspecify.annotations.Nullable;

/**
 * {@link IdentityStore} over the {@code accounts}, {@code account_groups}, {@code api_tokens},
 * {@code second_factors}, {@code sign_in_failures} and {@code password_links} tables.
 */
public final class JdbcIdentityStore implements IdentityStore {
    private static final String ACCOUNT = "SELECT name, role, organisation, ssh_keys, disabled";

    @Override
    public boolean accountExists(Tx tx, String name) {
        return Sql.one(tx, "SELECT 1 FROM accounts WHERE name = ?", rs -> true, name)
                .isPresent();
    }

    @Override
    public void insertAccount(Tx tx, Account a, Optional<String> passwordHash, Instant at) {
        Sql.update(
                tx,
                "INSERT INTO accounts (name, role, organisation, password_hash, ssh_keys, disabled, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                a.name(),
                a.role().word(),
                a.organisation(),
                passwordHash,
                String.join("\n", a.sshKeys()),
                a.disabled() ? 1 : 0,
                at);
    }

    @Override
    public Optional<Account> account(Tx tx, String name) {
        return Sql.one(tx, ACCOUNT + " FROM accounts WHERE name = ?", JdbcIdentityStore::account, name);
    }

    @Override
    public Optional<Accounts.Generation> withGeneration(Tx tx, String name) {
        return Sql.one(
                tx,
                ACCOUNT + ", credentials, directory_dn IS NOT NULL FROM accounts WHERE name = ?",
                rs -> new Accounts.Generation(account(rs), rs.getLong(6), rs.getBoolean(7)),
                name);
    }

    @Override
    public List<Accounts.Listed> accounts(Tx tx) {
        record Row(Account account, boolean hasPassword, Instant createdAt) {}
        List<Row> rows = Sql.list(
                tx,
                ACCOUNT + ", password_hash IS NOT NULL, created_at FROM accounts ORDER BY name",
                rs -> new Row(account(rs), rs.getBoolean(6), Instant.parse(rs.getString(7))));
        List<Accounts.Listed> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Accounts.Listed(r.account(), groups(tx, r.account().name()), r.hasPassword(), r.createdAt()));
        }
        return out;
    }

    @Override
    public Optional<String> passwordHash(Tx tx, String name) {
        return Sql.one(
                        tx,
                        "SELECT password_hash FROM accounts WHERE name = ?",
                        rs -> Optional.ofNullable(rs.getString(1)),
                        name)
                .flatMap(h -> h);
    }

    @Override
    public void setPasswordHash(Tx tx, String name, String hash) {
        Sql.update(tx, "UPDATE accounts SET password_hash = ? WHERE name = ?", hash, name);
    }

    @Override
    public void setDisabled(Tx tx, String name, boolean disabled) {
        Sql.update(tx, "UPDATE accounts SET disabled = ? WHERE name = ?", disabled ? 1 : 0, name);
    }

    @Override
    public void bumpGeneration(Tx tx, String name) {
        Sql.update(tx, "UPDATE accounts SET credentials = credentials + 1 WHERE name = ?", name);
    }

    @Override
    public Set<String> groups(Tx tx, String name) {
        return new TreeSet<>(
                Sql.list(tx, "SELECT grp FROM account_groups WHERE account = ?", rs -> rs.getString(1), name));
    }

    @Override
    public void addGroup(Tx tx, String name, String group) {
        Sql.update(
                tx,
                "INSERT INTO account_groups (account, grp) VALUES (?, ?) ON CONFLICT (account, grp) DO NOTHING",
                name,
                group);
    }

    @Override
    public void removeGroup(Tx tx, String name, String group) {
        Sql.update(tx, "DELETE FROM account_groups WHERE account = ? AND grp = ?", name, group);
    }

    @Override
    public List<String> partnerOrganisations(Tx tx) {
        return Sql.list(
                tx,
                "SELECT DISTINCT organisation FROM accounts WHERE role = 'partner' ORDER BY organisation",
                rs -> rs.getString(1));
    }

    @Override
    public void recordSignIn(Tx tx, String account, SignInRecord r, int keep) {
        Sql.update(
                tx,
                "INSERT INTO sign_in_history (account, at, zone, channel, source) VALUES (?, ?, ?, ?, ?)",
                account,
                r.at(),
                r.zone(),
                r.channel(),
                r.source());
        Sql.update(
                tx,
                "DELETE FROM sign_in_history WHERE account = ? AND id NOT IN"
                        + " (SELECT id FROM sign_in_history WHERE account = ? ORDER BY id DESC LIMIT ?)",
                account,
                account,
                keep);
    }

    @Override
    public List<SignInRecord> recentSignIns(Tx tx, String account, int limit) {
        return Sql.list(
                tx,
                "SELECT at, zone, channel, source FROM sign_in_history WHERE account = ? ORDER BY id DESC LIMIT ?",
                rs -> new SignInRecord(
                        Instant.parse(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4)),
                account,
                limit);
    }

    @Override
    public void setRoleAndOrganisation(Tx tx, String name, Role role, String organisation) {
        Sql.update(
                tx, "UPDATE accounts SET role = ?, organisation = ? WHERE name = ?", role.word(), organisation, name);
    }

    @Override
    public Optional<String> directoryDn(Tx tx, String name) {
        return Sql.one(
                        tx,
                        "SELECT directory_dn FROM accounts WHERE name = ?",
                        rs -> Optional.ofNullable(rs.getString(1)),
                        name)
                .flatMap(n -> n);
    }

    @Override
    public void setDirectoryDn(Tx tx, String name, String dn) {
        Sql.update(tx, "UPDATE accounts SET directory_dn = ? WHERE name = ?", dn, name);
    }

    @Override
    public Optional<String> displayName(Tx tx, String name) {
        return Sql.one(
                        tx,
                        "SELECT display_name FROM accounts WHERE name = ?",
                        rs -> Optional.ofNullable(rs.getString(1)),
                        name)
                .flatMap(n -> n);
    }

    @Override
    public void setDisplayName(Tx tx, String name, Optional<String> displayName) {
        Sql.update(tx, "UPDATE accounts SET display_name = ? WHERE name = ?", displayName, name);
    }

    @Override
    public Map<String, String> organisationNames(Tx tx) {
        Map<String, String> out = new TreeMap<>();
        Sql.list(tx, "SELECT id, name FROM organisations", rs -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @Override
    public void setOrganisationName(Tx tx, String organisation, String name) {
        Sql.update(
                tx,
                "INSERT INTO organisations (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                organisation,
                name);
    }

    @Override
    public void replaceRecoveryCodes(Tx tx, String account, List<String> codeSha256s, Instant at) {
        Sql.update(tx, "DELETE FROM recovery_codes WHERE account = ?", account);
        for (String hash : codeSha256s) {
            Sql.update(
                    tx,
                    "INSERT INTO recovery_codes (account, code_sha256, created_at) VALUES (?, ?, ?)",
                    account,
                    hash,
                    at);
        }
    }

    @Override
    public boolean useRecoveryCode(Tx tx, String account, String codeSha256, Instant at) {
        return Sql.update(
                        tx,
                        "UPDATE recovery_codes SET used_at = ? WHERE account = ? AND code_sha256 = ? AND used_at IS NULL",
                        at,
                        account,
                        codeSha256)
                == 1;
    }

    @Override
    public int recoveryCodesLeft(Tx tx, String account) {
        return Sql.one(
                        tx,
                        "SELECT COUNT(*) FROM recovery_codes WHERE account = ? AND used_at IS NULL",
                        rs -> rs.getInt(1),
                        account)
                .orElse(0);
    }

    @Override
    public Contact contact(Tx tx, String name) {
        return Sql.one(
                        tx,
                        "SELECT email, notify FROM accounts WHERE name = ?",
                        rs -> new Contact(
                                Optional.ofNullable(rs.getString(1)), Contact.Frequency.parse(rs.getString(2))),
                        name)
                .orElse(Contact.NONE);
    }

    @Override
    public void setContact(Tx tx, String name, Contact contact) {
        Sql.update(
                tx,
                "UPDATE accounts SET email = ?, notify = ? WHERE name = ?",
                contact.email(),
                contact.frequency().word(),
                name);
    }

    @Override
    public Map<String, Contact> reachable(Tx tx, Role role, Optional<String> organisation) {
        Map<String, Contact> out = new TreeMap<>();
        Sql.list(
                        tx,
                        "SELECT name, email, notify FROM accounts WHERE role = ? AND (? IS NULL OR organisation = ?)"
                                + " AND disabled = 0 AND email IS NOT NULL AND notify <> 'off' ORDER BY name",
                        rs -> Map.entry(
                                rs.getString(1),
                                new Contact(Optional.of(rs.getString(2)), Contact.Frequency.parse(rs.getString(3)))),
                        role.word(),
                        organisation,
                        organisation)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @Override
    public List<String> staffOf(Tx tx, String organisation) {
        return Sql.list(
                tx,
                "SELECT name FROM accounts WHERE role = 'staff' AND organisation = ? AND disabled = 0 ORDER BY name",
                rs -> rs.getString(1),
                organisation);
    }

    @Override
    public long insertToken(Tx tx, String account, String label, String tokenSha256, Instant at, Instant expires) {
        return Sql.insert(
                        tx,
                        "INSERT INTO api_tokens (account, label, token_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                        account,
                        label,
                        tokenSha256,
                        at,
                        expires)
                .orElseThrow();
    }

    @Override
    public Optional<StoredToken> unrevokedToken(Tx tx, String tokenSha256) {
        return Sql.one(
                tx,
                "SELECT * FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL",
                JdbcIdentityStore::token,
                tokenSha256);
    }

    @Override
    public void touchToken(Tx tx, String tokenSha256, Instant at) {
        Sql.update(tx, "UPDATE api_tokens SET last_used_at = ? WHERE token_sha256 = ?", at, tokenSha256);
    }

    @Override
    public List<StoredToken> tokens(Tx tx, String account) {
        return Sql.list(
                tx,
                "SELECT * FROM api_tokens WHERE account = ? ORDER BY created_at DESC, id DESC",
                JdbcIdentityStore::token,
                account);
    }

    @Override
    public boolean revokeToken(Tx tx, long id, String account, Instant at) {
        return Sql.update(
                        tx,
                        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND account = ? AND revoked_at IS NULL",
                        at,
                        id,
                        account)
                == 1;
    }

    @Override
    public int revokeTokens(Tx tx, String account, Instant at) {
        return Sql.update(
                tx, "UPDATE api_tokens SET revoked_at = ? WHERE account = ? AND revoked_at IS NULL", at, account);
    }

    @Override
    public Optional<StoredFactor> factor(Tx tx, String account) {
        return Sql.one(
                tx,
                "SELECT sealed_secret, last_step FROM second_factors WHERE account = ?",
                rs -> new StoredFactor(rs.getString(1), rs.getLong(2)),
                account);
    }

    @Override
    public Set<String> enrolled(Tx tx) {
        return new TreeSet<>(Sql.list(tx, "SELECT account FROM second_factors", rs -> rs.getString(1)));
    }

    @Override
    public void putFactor(Tx tx, String account, String sealedSecret, Instant at, long step) {
        Sql.update(
                tx,
                "INSERT INTO second_factors (account, sealed_secret, enrolled_at, last_step) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (account) DO UPDATE SET sealed_secret = excluded.sealed_secret,"
                        + " enrolled_at = excluded.enrolled_at, last_step = excluded.last_step",
                account,
                sealedSecret,
                at,
                step);
    }

    @Override
    public boolean claimStep(Tx tx, String account, long step) {
        return Sql.update(
                        tx,
                        "UPDATE second_factors SET last_step = ? WHERE account = ? AND last_step < ?",
                        step,
                        account,
                        step)
                == 1;
    }

    @Override
    public boolean removeFactor(Tx tx, String account) {
        return Sql.update(tx, "DELETE FROM second_factors WHERE account = ?", account) > 0;
    }

    @Override
    public void addFailures(Tx tx, List<String> subjects, long atMillis) {
        for (String subject : subjects) {
            Sql.update(tx, "INSERT INTO sign_in_failures (subject, at_ms) VALUES (?, ?)", subject, atMillis);
        }
    }

    @Override
    public int failuresSince(Tx tx, String subject, long sinceMillis) {
        return Sql.one(
                        tx,
                        "SELECT COUNT(*) FROM sign_in_failures WHERE subject = ? AND at_ms >= ?",
                        rs -> rs.getInt(1),
                        subject,
                        sinceMillis)
                .orElse(0);
    }

    @Override
    public void forgetFailuresBefore(Tx tx, long millis) {
        Sql.update(tx, "DELETE FROM sign_in_failures WHERE at_ms < ?", millis);
    }

    @Override
    public void clearFailures(Tx tx, String subject) {
        Sql.update(tx, "DELETE FROM sign_in_failures WHERE subject = ?", subject);
    }

    @Override
    public void voidOpenLinks(Tx tx, String account) {
        Sql.update(tx, "UPDATE password_links SET state = 'VOID' WHERE account = ? AND state = 'OPEN'", account);
    }

    @Override
    public void insertLink(
            Tx tx, String tokenSha256, String account, String purpose, String createdBy, Instant at, Instant expires) {
        Sql.update(
                tx,
                "INSERT INTO password_links (token_sha256, account, purpose, state, created_by, created_at, expires_at)"
                        + " VALUES (?, ?, ?, 'OPEN', ?, ?, ?)",
                tokenSha256,
                account,
                purpose,
                createdBy,
                at,
                expires);
    }

    @Override
    public Optional<OpenLink> openLink(Tx tx, String tokenSha256) {
        return Sql.one(
                tx,
                "SELECT account, expires_at FROM password_links WHERE token_sha256 = ? AND state = 'OPEN'",
                rs -> new OpenLink(rs.getString(1), Instant.parse(rs.getString(2))),
                tokenSha256);
    }

    @Override
    public List<Instant> openLinkExpiries(Tx tx, String account) {
        return Sql.list(
                tx,
                "SELECT expires_at FROM password_links WHERE account = ? AND state = 'OPEN' ORDER BY expires_at DESC",
                rs -> Instant.parse(rs.getString(1)),
                account);
    }

    @Override
    public void useLink(Tx tx, String tokenSha256, Instant at) {
        Sql.update(tx, "UPDATE password_links SET state = 'USED', used_at = ? WHERE token_sha256 = ?", at, tokenSha256);
    }

    private static Account account(ResultSet rs) throws SQLException {
        String keys = rs.getString(4);
        List<String> sshKeys = keys == null || keys.isBlank() ? List.of() : Arrays.asList(keys.split("\n"));
        return new Account(rs.getString(1), Role.parse(rs.getString(2)), rs.getString(3), sshKeys, rs.getInt(5) != 0);
    }

    private static StoredToken token(ResultSet rs) throws SQLException {
        return new StoredToken(
                rs.getLong("id"),
                rs.getString("account"),
                rs.getString("label"),
                Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("expires_at")),
                instant(rs.getString("last_used_at")),
                instant(rs.getString("revoked_at")));
    }

    private static Optional<Instant> instant(@Nullable String text) {
        return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    }
}
