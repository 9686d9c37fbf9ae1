package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Transactions;
import jp.kakehashi.policies.Zone;

/**
 * A person changes their own password: the current one first, the new one under the same rules
 * as a password link's. Every session and token the account had ends with the change, this one
 * too, so whoever knew the old password is out at once.
 */
public final class PasswordChange {
    private final Transactions db;
    private final Accounts accounts;
    private final Credentials credentials;

    public PasswordChange(Transactions db, IdentityStore store, Accounts accounts, java.time.Clock clock) {
        this.db = requireNonNull(db, "db");
        this.accounts = requireNonNull(accounts, "accounts");
        this.credentials = new Credentials(store, clock);
    }

    /** Why a change was refused; {@code WRONG_PASSWORD} counts as a failed sign-in for the caller. */
    public record Refusal(String code, String ja, String en) {
        public boolean wrongPassword() {
            return code.equals("WRONG_PASSWORD");
        }
    }

    /** Changes {@code name}'s password (audited as PASSWORD_SET by themselves); the refusal otherwise. */
    public Optional<Refusal> change(String name, Zone zone, char[] current, char[] next) {
        if (accounts.fromDirectory(name)) {
            return Optional.of(new Refusal(
                    "DIRECTORY_PASSWORD",
                    "パスワードは庁内のディレクトリ（Active Directory 等）で管理されています。ふだんパソコンにログインするパスワードを、その手順で変更してください。",
                    "Your password is kept in the municipality's directory (Active Directory or the like); change it"
                            + " there, as you change the one you sign in to your PC with."));
        }
        if (accounts.checkPassword(name, current, zone).accepted().isEmpty()) {
            return Optional.of(new Refusal("WRONG_PASSWORD", "今のパスワードが違います。", "The current password is not right."));
        }
        if (Arrays.equals(current, next)) {
            return Optional.of(new Refusal(
                    "SAME_PASSWORD",
                    "新しいパスワードが今のパスワードと同じです。別のパスワードにしてください。",
                    "The new password is the same as the current one; choose another."));
        }
        Optional<PasswordRules.Problem> problem = PasswordRules.check(next, name);
        if (problem.isPresent()) {
            return Optional.of(new Refusal(
                    problem.get().code(), problem.get().ja(), problem.get().en()));
        }
        String hash = accounts.hash(next);
        return db.writing(tx -> {
            accounts.setPasswordIn(tx, name, hash);
            AuditOutbox.enqueue(
                    tx, new AuditEvent(AuditType.PASSWORD_SET, name, zone.word(), "", Map.of("via", "self")));
            credentials.revokeIn(tx, name, "PASSWORD_SET");
            return Optional.<Refusal>empty();
        });
    }
}
