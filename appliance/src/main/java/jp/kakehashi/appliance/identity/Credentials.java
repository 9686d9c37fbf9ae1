package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.store.Tx;

/**
 * What an account's credentials issued ends when they change (ISSUE 21 §3): every change of a
 * password, an authenticator, a role, a group or the disabled flag calls {@link #revokeIn} in its
 * own transaction. It revokes the account's API tokens and bumps the account's credential
 * generation, which every portal session carries: a session of an older generation ends at its
 * next request. It also lifts the account's lock-out: the new credentials work at once.
 */
public final class Credentials {
    private final IdentityStore store;
    private final Clock clock;

    public Credentials(IdentityStore store, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Revokes every API token of {@code account}, ends its sessions and lifts its lock-out, audited with {@code reason}. */
    public void revokeIn(Tx tx, String account, String reason) {
        store.bumpGeneration(tx, account);
        int tokens = store.revokeTokens(tx, account, Instant.now(clock));
        SignInGuard.unlockIn(store, tx, account);
        AuditOutbox.enqueue(
                tx,
                new AuditEvent(
                        AuditType.CREDENTIALS_REVOKED,
                        account,
                        "",
                        "",
                        Map.of("name", account, "reason", reason, "apiTokens", String.valueOf(tokens))));
    }
}
