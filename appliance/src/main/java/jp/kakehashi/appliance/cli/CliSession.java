package jp.kakehashi.appliance.cli;

import java.security.SecureRandom;
import java.time.Clock;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditSink;
import jp.kakehashi.appliance.audit.RefusalAudit;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.SecondFactors;
import jp.kakehashi.appliance.identity.SignIn;
import jp.kakehashi.appliance.identity.SignInGuard;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.jdbc.JdbcApprovalStore;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.jdbc.JdbcOriginalStore;
import jp.kakehashi.appliance.jdbc.JdbcPolicyVersionStore;
import jp.kakehashi.appliance.originals.Originals;
import jp.kakehashi.appliance.policy.PolicyVersions;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.Sealer;
import jp.kakehashi.policies.Policy;

/**
 * What one command works on beside (or without) a running appliance: the data directory and its
 * metadata store, opened and closed together, and the services over them. The services keep no
 * state of their own, so each call makes a fresh one.
 */
record CliSession(DataDir dir, ApplianceConfig config, Database db) implements AutoCloseable {
    static CliSession open(DataOptions data) {
        ApplianceConfig config = data.load();
        DataDir dir = new DataDir(config.dataDir());
        return new CliSession(dir, config, Database.open(dir.database()));
    }

    Items items() {
        return new Items(db, new JdbcItemStore(), Clock.systemUTC());
    }

    Approvals approvals() {
        return new Approvals(db, new JdbcApprovalStore(), items(), accounts(), Clock.systemUTC());
    }

    PolicyVersions versions() {
        return new PolicyVersions(db, new JdbcPolicyVersionStore(), accounts(), Clock.systemUTC());
    }

    /** The policy the appliance has in force: the confirmed version, else the configured file. */
    Policy policy() {
        return versions().inForce(config.policy());
    }

    Originals originals() {
        return new Originals(
                db, new JdbcOriginalStore(), items(), accounts(), approvals(), this::policy, Clock.systemUTC());
    }

    Accounts accounts() {
        return new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(new SecureRandom()), Clock.systemUTC());
    }

    /** The blob store's key, checked against this data ({@link MasterKey#loadFor}). */
    MasterKey masterKey() {
        return MasterKey.loadFor(db, dir.masterKey());
    }

    /**
     * Sign-in at the console: the daemon's lock-out, replay guard and limits, its records queued
     * for the log's holder (a refused attempt from a script loop is rate-limited like any other).
     */
    SignIn signIn() {
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        AuditSink audit = AuditSink.outbox(db);
        return new SignIn(
                accounts(),
                new SecondFactors(db, new JdbcIdentityStore(), new Sealer(masterKey(), random), clock),
                new SignInGuard(db, new JdbcIdentityStore(), config.signIn().limits(), clock),
                config.signIn(),
                audit,
                new RefusalAudit(audit, clock, 10));
    }

    /** Appends the queued audit records now when no appliance runs to do it. */
    void audited() {
        UserCommand.appendNowIfIdle(dir, db, new SecureRandom());
    }

    @Override
    public void close() {
        db.close();
    }
}
