package jp.kakehashi.appliance.folders;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.store.Tx;

/**
 * Who may do what in a folder now, worked out inside the caller's {@link Tx} from the members, the
 * accounts and the locks as they are at that moment: what {@link Folders} and {@link ShareLinks}
 * check before they change anything. Each refusal is a {@link FolderRefused} with its reason.
 */
final class FolderAccess {
    private final FolderStore store;
    private final Accounts accounts;

    FolderAccess(FolderStore store, Accounts accounts) {
        this.store = requireNonNull(store, "store");
        this.accounts = requireNonNull(accounts, "accounts");
    }

    Account account(Tx tx, String name) {
        Account a = accounts.findIn(tx, name)
                .orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_ACCOUNT, name));
        if (a.disabled()) {
            throw new FolderRefused(FolderRefused.Reason.NOT_A_MEMBER, name);
        }
        return a;
    }

    /** The file, or a refusal naming it. */
    FolderFile fileIn(Tx tx, long file) {
        return store.file(tx, file).orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_FILE, "#" + file));
    }

    List<FileVersion> versionsIn(Tx tx, long file) {
        return store.versions(tx, file);
    }

    FolderRole requireRole(Tx tx, String actor, long folder, FolderRole needed, Instant now) {
        if (store.folder(tx, folder).isEmpty()) {
            throw new FolderRefused(FolderRefused.Reason.NO_SUCH_FOLDER, "#" + folder);
        }
        FolderRole role = roleIn(tx, actor, folder, now)
                .orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NOT_A_MEMBER, actor));
        if (!role.allows(needed)) {
            throw new FolderRefused(FolderRefused.Reason.ROLE_TOO_LOW, role.japanese() + " < " + needed.japanese());
        }
        return role;
    }

    Optional<FolderRole> roleIn(Tx tx, String account, long folder, Instant now) {
        Optional<Account> a = accounts.findIn(tx, account);
        if (a.isEmpty() || a.get().disabled()) {
            return Optional.empty();
        }
        Role role = a.get().role();
        if (role != Role.STAFF && role != Role.PARTNER) {
            return Optional.empty();
        }
        Optional<FolderRole> best = Optional.empty();
        for (Member m : store.members(tx, folder)) {
            boolean mine = (m.kind() == Member.Kind.USER && m.who().equals(account))
                    || (m.kind() == Member.Kind.ORGANISATION
                            && role == Role.PARTNER
                            && m.who().equals(a.get().organisation()));
            if (mine && m.activeAt(now) && (best.isEmpty() || m.role().compareTo(best.get()) > 0)) {
                best = Optional.of(m.role());
            }
        }
        return best;
    }

    /** True when the member is a partner (account or organisation). */
    boolean checkMemberKind(Tx tx, Member.Kind kind, String who) {
        if (kind == Member.Kind.ORGANISATION) {
            if (!accounts.isPartnerOrganisationIn(tx, who)) {
                throw new FolderRefused(FolderRefused.Reason.NO_SUCH_ORGANISATION, who);
            }
            return true;
        }
        Account a = accounts.findIn(tx, who)
                .orElseThrow(() -> new FolderRefused(FolderRefused.Reason.NO_SUCH_ACCOUNT, who));
        if (a.role() != Role.STAFF && a.role() != Role.PARTNER) {
            throw new FolderRefused(
                    FolderRefused.Reason.NOT_A_MEMBER_KIND,
                    who + " (" + a.role().name() + ")");
        }
        return a.role() == Role.PARTNER;
    }

    /** Refuses when taking this member's manager role away would leave the folder without one. */
    void requireAnotherManager(Tx tx, long folder, Member.Kind kind, String who, Instant now) {
        boolean other = store.members(tx, folder).stream()
                .anyMatch(m -> m.role() == FolderRole.MANAGER
                        && m.until().isEmpty()
                        && m.activeAt(now)
                        && !(m.kind() == kind && m.who().equals(who)));
        if (!other) {
            throw new FolderRefused(FolderRefused.Reason.LAST_MANAGER, who);
        }
    }

    void requireNotLockedByOther(Tx tx, long file, String actor, Instant now) {
        Optional<FileLock> lock = lockIn(tx, file, now);
        if (lock.isPresent() && !lock.get().holder().equals(actor)) {
            throw new FolderRefused(
                    FolderRefused.Reason.LOCKED,
                    lock.get().holder() + " ~" + Folders.WHEN.format(lock.get().until()));
        }
    }

    /** The lock on a file unless it has run out: an expired lock binds nobody, whether or not it was removed. */
    Optional<FileLock> lockIn(Tx tx, long file, Instant now) {
        return store.lock(tx, file).filter(l -> l.until().isAfter(now));
    }
}
