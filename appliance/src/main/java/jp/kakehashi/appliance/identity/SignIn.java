package jp.kakehashi.appliance.identity;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditSink;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.audit.RefusalAudit;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.Escape;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Signing in in one step, for the channels that ask for everything at once (SFTP, the console
 * commands that act for a person): the shared lock-out first, then the password, then the
 * second factor wherever {@link SignInPolicy} requires it, each failure counted by the
 * {@link SignInGuard} every other channel reads, each attempt audited with its channel. The
 * portals do the same steps across two pages through the same guard and second factors.
 */
public final class SignIn {
    /** How a one-step sign-in ended. */
    public sealed interface Outcome {
        record SignedIn(Account account) implements Outcome {}

        record Refused(Reason reason) implements Outcome {}
    }

    /** Why a sign-in was refused; the words appear in the audit trail. */
    public enum Reason {
        /** The account had too many failures in a row, or the address too many failures. */
        LOCKED,
        /** Unknown name, wrong password, disabled, another zone's account: indistinguishable on purpose. */
        PASSWORD,
        /** The directory holding the password could not be asked; not counted towards a lock-out. */
        DIRECTORY_UNAVAILABLE,
        /** The password was right but the code was wrong, replayed, or no authenticator is enrolled. */
        SECOND_FACTOR,
        /** The key is not one of the account's, or the account may not use that method. */
        KEY,
        /** The role may not sign in this way (e.g. a password on a key-only role). */
        METHOD,
        /** An administrator outside the management range ({@link SignInPolicy#admitsFrom}). */
        MANAGEMENT_RANGE
    }

    private final Accounts accounts;
    private final SecondFactors secondFactors;
    private final SignInGuard guard;
    private final SignInPolicy policy;
    private final AuditSink audit;
    private final RefusalAudit refusals;

    /**
     * @param refusals where refused attempts go, so that a flood from a throttled address writes a
     *     few records a minute with a count, not one record per attempt
     */
    public SignIn(
            Accounts accounts,
            SecondFactors secondFactors,
            SignInGuard guard,
            SignInPolicy policy,
            AuditSink audit,
            RefusalAudit refusals) {
        this.accounts = accounts;
        this.secondFactors = secondFactors;
        this.guard = guard;
        this.policy = policy;
        this.audit = audit;
        this.refusals = refusals;
    }

    public SignInPolicy policy() {
        return policy;
    }

    /**
     * A password and a TOTP code together (SFTP keyboard-interactive, the console). The code is
     * required wherever {@link SignInPolicy#secondFactorRequired} says so, and whenever the
     * account has enrolled one.
     *
     * @param channel where it came from, for the audit trail ({@code sftp}, {@code cli})
     */
    public Outcome passwordAndCode(
            String name, char[] password, String code, Zone zone, String source, String channel) {
        try {
            if (guard.gate(name, zone, source) != SignInGuard.Gate.OPEN) {
                return refused(name, zone, source, channel, "password", Reason.LOCKED, Map.of());
            }
            PasswordCheck check = name.length() > 64 || password.length > 1024
                    ? new PasswordCheck.Rejected()
                    : accounts.checkPassword(name, password, zone);
            if (check instanceof PasswordCheck.DirectoryUnreachable) {
                return refused(name, zone, source, channel, "password", Reason.DIRECTORY_UNAVAILABLE, Map.of());
            }
            if (!(check instanceof PasswordCheck.Accepted accepted)) {
                guard.failed(name, zone, source);
                return refused(name, zone, source, channel, "password", Reason.PASSWORD, Map.of());
            }
            Account a = accepted.account();
            if (channel.equals("sftp") && !policy.sftp(a.role()).passwordAndCode()) {
                return refused(name, zone, source, channel, "password", Reason.METHOD, Map.of());
            }
            boolean enrolled = secondFactors.enrolled(a.name());
            if ((enrolled || policy.secondFactorRequired(a.role())) && !secondFactors.verify(a.name(), code)) {
                guard.failed(name, zone, source);
                return refused(
                        name,
                        zone,
                        source,
                        channel,
                        "password",
                        Reason.SECOND_FACTOR,
                        Map.of("enrolled", String.valueOf(enrolled)));
            }
            // Only after both factors, so that the answer is no oracle for the password. The console
            // is the appliance's own keyboard (or root on it): no range applies there.
            if (!channel.equals("cli") && !policy.admitsFrom(a.role(), source)) {
                return refused(name, zone, source, channel, "password", Reason.MANAGEMENT_RANGE, Map.of());
            }
            guard.succeeded(a.name(), zone);
            return new Outcome.SignedIn(a);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * A public key (SFTP). A key cannot be guessed, so a key that is not the account's is not
     * counted as a failure (clients offer every key they hold); a locked account or a throttled
     * address is refused all the same, so that a lock means the same on every channel.
     */
    public Outcome key(String name, PublicKey key, Zone zone, String source) {
        String fingerprint = KeyUtils.getFingerPrint(key);
        if (guard.gate(name, zone, source) != SignInGuard.Gate.OPEN) {
            return refused(name, zone, source, "sftp", "publickey", Reason.LOCKED, Map.of("key", fingerprint));
        }
        Optional<Account> account = accounts.authenticate(name, key, zone);
        if (account.isEmpty()) {
            return refused(name, zone, source, "sftp", "publickey", Reason.KEY, Map.of("key", fingerprint));
        }
        if (!policy.sftp(account.get().role()).key()) {
            return refused(name, zone, source, "sftp", "publickey", Reason.METHOD, Map.of("key", fingerprint));
        }
        if (!policy.admitsFrom(account.get().role(), source)) {
            return refused(
                    name, zone, source, "sftp", "publickey", Reason.MANAGEMENT_RANGE, Map.of("key", fingerprint));
        }
        return new Outcome.SignedIn(account.get());
    }

    /** Records a completed sign-in: once per session, whatever the method took to get there. */
    public void signedIn(Account account, Zone zone, String source, String channel, Map<String, String> details) {
        Map<String, String> d = new LinkedHashMap<>(details);
        d.put("protocol", channel);
        d.put("from", source);
        audit.append(new AuditEvent(AuditType.AUTH_SUCCESS, account.name(), zone.word(), "", d));
        accounts.recordSignIn(account.name(), zone, channel, source);
    }

    private Outcome refused(
            String name,
            Zone zone,
            String source,
            String channel,
            String method,
            Reason reason,
            Map<String, String> details) {
        Map<String, String> d = new LinkedHashMap<>(details);
        d.put("protocol", channel);
        d.put("method", method);
        d.put("reason", reason.name());
        d.put("from", source);
        String actor = Escape.forReport(name.length() > 200 ? name.substring(0, 200) : name);
        refusals.append(
                new AuditEvent(AuditType.AUTH_FAILURE, actor, zone.word(), "", d),
                String.join("|", actor, zone.word(), channel, reason.name(), source));
        return new Outcome.Refused(reason);
    }
}
