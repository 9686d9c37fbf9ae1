package jp.kakehashi.appliance.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff accounts that mirror the directory. The directory is the truth for them: at each sign-in
 * and each request the person's entry is read again, and the account takes the role, 課, groups,
 * 氏名 and mail address it now gives (a change of role, 課 or groups ends the sessions made under
 * the old ones); a person the directory disabled, removed or no longer maps is cut off there and
 * then. A local account of the same name is never taken over: the directory cannot make anyone an
 * existing local administrator. An administrator's own 無効化 in Kakehashi stands whatever the
 * directory says.
 */
final class DirectoryAccounts {
    private static final Logger log = LoggerFactory.getLogger(DirectoryAccounts.class);

    /** Who makes the changes the directory causes, in the audit trail. */
    static final String ACTOR = "directory";

    private final Transactions db;
    private final IdentityStore store;
    private final Credentials credentials;
    private final DirectorySource directory;
    private final Clock clock;

    DirectoryAccounts(
            Transactions db, IdentityStore store, Credentials credentials, DirectorySource directory, Clock clock) {
        this.db = db;
        this.store = store;
        this.credentials = credentials;
        this.directory = directory;
        this.clock = clock;
    }

    /** Whether the directory's last answer was that it could not be asked (cleared by its next answer). */
    private volatile boolean unavailable;

    boolean configured() {
        return directory.configured();
    }

    /** Whether the directory could not be asked the last time: its people cannot sign in now. */
    boolean unavailable() {
        return directory.configured() && unavailable;
    }

    void close() {
        directory.close();
    }

    /** A sign-in with the directory's password; the account as it now stands, if the directory vouches for it. */
    PasswordCheck signIn(String name, char[] password) {
        DirectorySource.Answer answer = directory.signIn(name, password);
        unavailable = answer instanceof DirectorySource.Answer.Unavailable;
        return switch (answer) {
            case DirectorySource.Answer.Found f ->
                mirror(f.person())
                        .<PasswordCheck>map(PasswordCheck.Accepted::new)
                        .orElseGet(PasswordCheck.Rejected::new);
            case DirectorySource.Answer.Refused r -> {
                if (r.why() != DirectorySource.Refusal.PASSWORD && r.why() != DirectorySource.Refusal.NOT_FOUND) {
                    // The password was right: the officer should see why the person was not let in.
                    cutOff(name, r.why(), "sign-in");
                }
                yield new PasswordCheck.Rejected();
            }
            case DirectorySource.Answer.Unavailable u -> {
                log.warn("directory unavailable at sign-in of {}: {} (ディレクトリに接続できません)", name, u.detail());
                yield new PasswordCheck.DirectoryUnreachable();
            }
        };
    }

    /**
     * Asks the directory about a signed-in directory account again; the account as it now stands,
     * or empty when it must not go on (cut off, or the directory cannot be asked).
     */
    Optional<Account> recheck(String name) {
        DirectorySource.Answer answer = directory.lookup(name);
        unavailable = answer instanceof DirectorySource.Answer.Unavailable;
        return switch (answer) {
            case DirectorySource.Answer.Found f -> mirror(f.person());
            case DirectorySource.Answer.Refused r -> {
                cutOff(name, r.why(), "request");
                yield Optional.empty();
            }
            case DirectorySource.Answer.Unavailable u -> {
                // Nobody goes on on a directory's word that cannot be heard; the account is left as it is.
                log.warn("directory unavailable for {}: {} (ディレクトリに接続できません)", name, u.detail());
                yield Optional.empty();
            }
        };
    }

    private boolean upToDate(Tx tx, DirectoryPerson p) {
        Optional<Account> a = store.account(tx, p.name());
        return a.isPresent()
                && store.directoryDn(tx, p.name()).equals(Optional.of(p.dn()))
                && a.get().role() == p.role()
                && a.get().organisation().equals(p.organisation())
                && store.groups(tx, p.name()).equals(p.groups())
                && (p.displayName().isEmpty() || store.displayName(tx, p.name()).equals(p.displayName()))
                && (p.email().isEmpty() || store.contact(tx, p.name()).email().equals(p.email()));
    }

    private void cutOff(String name, DirectorySource.Refusal why, String at) {
        db.writing(tx -> {
            if (store.directoryDn(tx, name).isPresent()) {
                credentials.revokeIn(tx, name, "DIRECTORY_" + why.name());
            }
            AuditOutbox.enqueue(
                    tx,
                    new AuditEvent(
                            AuditType.DIRECTORY_CUT_OFF,
                            ACTOR,
                            "",
                            "",
                            Map.of(
                                    "name",
                                    name.length() > 64 ? name.substring(0, 64) : name,
                                    "reason",
                                    why.name(),
                                    "at",
                                    at)));
            return Boolean.TRUE;
        });
    }

    /** Makes or brings the account up to what the directory says, audited; empty when a local account holds the name. */
    private Optional<Account> mirror(DirectoryPerson p) {
        // Every request asks: most find nothing changed, and take no write lock for it.
        Optional<Account> unchanged =
                db.reading(tx -> upToDate(tx, p) ? store.account(tx, p.name()) : Optional.empty());
        if (unchanged.isPresent()) {
            return unchanged;
        }
        return db.writing(tx -> {
            Optional<Account> existing = store.account(tx, p.name());
            if (existing.isPresent() && store.directoryDn(tx, p.name()).isEmpty()) {
                AuditOutbox.enqueue(
                        tx,
                        new AuditEvent(
                                AuditType.DIRECTORY_CUT_OFF,
                                ACTOR,
                                "",
                                "",
                                Map.of("name", p.name(), "reason", "LOCAL_ACCOUNT", "dn", p.dn())));
                return Optional.<Account>empty();
            }
            Map<String, String> changed = new LinkedHashMap<>();
            boolean powers = false;
            if (existing.isEmpty()) {
                store.insertAccount(
                        tx,
                        new Account(p.name(), p.role(), p.organisation(), List.of(), false),
                        Optional.empty(),
                        Instant.now(clock));
                store.setDirectoryDn(tx, p.name(), p.dn());
                changed.put("created", "true");
                changed.put("role", p.role().word());
                changed.put("organisation", p.organisation());
            } else {
                Account a = existing.get();
                if (a.role() != p.role() || !a.organisation().equals(p.organisation())) {
                    store.setRoleAndOrganisation(tx, p.name(), p.role(), p.organisation());
                    changed.put("role", a.role().word() + " -> " + p.role().word());
                    changed.put("organisation", a.organisation() + " -> " + p.organisation());
                    powers = true;
                }
                if (!store.directoryDn(tx, p.name()).orElse("").equals(p.dn())) {
                    store.setDirectoryDn(tx, p.name(), p.dn());
                }
            }
            Set<String> groups = store.groups(tx, p.name());
            if (!groups.equals(p.groups())) {
                Set<String> remove = new HashSet<>(groups);
                remove.removeAll(p.groups());
                remove.forEach(g -> store.removeGroup(tx, p.name(), g));
                p.groups().forEach(g -> store.addGroup(tx, p.name(), g));
                changed.put("groups", String.join(",", new TreeSet<>(p.groups())));
                powers |= existing.isPresent();
            }
            if (p.displayName().isPresent() && !store.displayName(tx, p.name()).equals(p.displayName())) {
                store.setDisplayName(tx, p.name(), p.displayName());
                changed.put("label", p.displayName().get());
            }
            Contact contact = store.contact(tx, p.name());
            if (p.email().isPresent() && !contact.email().equals(p.email())) {
                store.setContact(tx, p.name(), new Contact(p.email(), contact.frequency()));
                changed.put("email", p.email().get());
            }
            if (!changed.isEmpty()) {
                Map<String, String> details = new LinkedHashMap<>();
                details.put("name", p.name());
                details.put("dn", p.dn());
                details.putAll(changed);
                AuditOutbox.enqueue(tx, new AuditEvent(AuditType.DIRECTORY_SYNCED, ACTOR, "", "", details));
            }
            if (powers) {
                credentials.revokeIn(tx, p.name(), "DIRECTORY_CHANGED");
            }
            return store.account(tx, p.name());
        });
    }
}
