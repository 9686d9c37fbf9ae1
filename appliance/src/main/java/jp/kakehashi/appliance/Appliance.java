package jp.kakehashi.appliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.approval.Approvals;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.audit.RefusalAudit;
import jp.kakehashi.appliance.backup.BackupJob;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.base.ReleaseVersion;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.directory.LdapDirectory;
import jp.kakehashi.appliance.folders.FolderStore;
import jp.kakehashi.appliance.folders.FolderUploads;
import jp.kakehashi.appliance.folders.Folders;
import jp.kakehashi.appliance.folders.ShareLinks;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Departments;
import jp.kakehashi.appliance.identity.DirectorySource;
import jp.kakehashi.appliance.identity.Names;
import jp.kakehashi.appliance.identity.PasswordChange;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.PasswordLinks;
import jp.kakehashi.appliance.identity.PersonalTokens;
import jp.kakehashi.appliance.identity.SecondFactors;
import jp.kakehashi.appliance.identity.SignIn;
import jp.kakehashi.appliance.identity.SignInGuard;
import jp.kakehashi.appliance.index.SearchIndex;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.jdbc.JdbcApprovalStore;
import jp.kakehashi.appliance.jdbc.JdbcDepartmentStore;
import jp.kakehashi.appliance.jdbc.JdbcFolderStore;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.jdbc.JdbcItemStore;
import jp.kakehashi.appliance.jdbc.JdbcMailStore;
import jp.kakehashi.appliance.jdbc.JdbcOriginalStore;
import jp.kakehashi.appliance.jdbc.JdbcPolicyVersionStore;
import jp.kakehashi.appliance.jdbc.JdbcQuarantineStore;
import jp.kakehashi.appliance.jdbc.JdbcRetentionStore;
import jp.kakehashi.appliance.jdbc.JdbcShareLinkStore;
import jp.kakehashi.appliance.jdbc.JdbcUnlockStore;
import jp.kakehashi.appliance.net.ConnectionCap;
import jp.kakehashi.appliance.notify.LinkMail;
import jp.kakehashi.appliance.notify.MailQueue;
import jp.kakehashi.appliance.notify.Mailer;
import jp.kakehashi.appliance.notify.Notices;
import jp.kakehashi.appliance.originals.OriginalReleaseJob;
import jp.kakehashi.appliance.originals.OriginalStore;
import jp.kakehashi.appliance.originals.Originals;
import jp.kakehashi.appliance.pipeline.IndexRebuild;
import jp.kakehashi.appliance.pipeline.Pipeline;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.appliance.policy.PolicyInForce;
import jp.kakehashi.appliance.policy.PolicyVersions;
import jp.kakehashi.appliance.portal.HttpsListener;
import jp.kakehashi.appliance.portal.ItemViews;
import jp.kakehashi.appliance.portal.PortalAccounts;
import jp.kakehashi.appliance.portal.PortalAdministration;
import jp.kakehashi.appliance.portal.PortalApiTokens;
import jp.kakehashi.appliance.portal.PortalApprovals;
import jp.kakehashi.appliance.portal.PortalAudit;
import jp.kakehashi.appliance.portal.PortalFolders;
import jp.kakehashi.appliance.portal.PortalOriginals;
import jp.kakehashi.appliance.portal.PortalPolicies;
import jp.kakehashi.appliance.portal.PortalQuarantine;
import jp.kakehashi.appliance.portal.PortalSearch;
import jp.kakehashi.appliance.portal.PortalStatistics;
import jp.kakehashi.appliance.portal.PortalTransfers;
import jp.kakehashi.appliance.portal.PortalUnlocking;
import jp.kakehashi.appliance.portal.TlsCertificate;
import jp.kakehashi.appliance.portal.Zones;
import jp.kakehashi.appliance.ppap.Unlocks;
import jp.kakehashi.appliance.quarantine.Quarantine;
import jp.kakehashi.appliance.quarantine.QuarantineStore;
import jp.kakehashi.appliance.retention.RetentionJob;
import jp.kakehashi.appliance.sftp.PartialUploads;
import jp.kakehashi.appliance.sftp.SftpBackend;
import jp.kakehashi.appliance.sftp.SftpListener;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.ReservingBlobStore;
import jp.kakehashi.appliance.store.Sealer;
import jp.kakehashi.appliance.transfer.Exchange;
import jp.kakehashi.appliance.workers.WorkerPool;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.sanitizer.SanitizerConfig;
import jp.kakehashi.web.Portal;
import jp.kakehashi.web.PortalConfig;
import jp.kakehashi.web.Ports;
import jp.kakehashi.web.port.BackupHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running appliance, wired by hand: stores, audit log, index, pipeline, and one SFTP listener
 * and one HTTPS portal per zone. Nothing here is found by reflection; reading this class tells how the parts connect.
 *
 * <p>Long because it is the one place every part is built and connected, in start-up order and closed
 * again in reverse; what each part does lives in its own package, its periodic jobs in {@link
 * Jobs}.
 */
public final class Appliance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Appliance.class);

    /** The thread of the short periodic jobs (audit drain, sweeps, policy activation). */
    private static final String HOUSEKEEPING = "housekeeping";

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final DataDir data;
    private final Database db;
    private final AuditLog audit;
    private final SearchIndex index;
    private final Accounts accounts;
    private final Items items;
    private final Approvals approvals;
    private final RetentionJob retention;
    private final Originals originals;
    private final Folders folders;
    private final FolderUploads folderUploads;
    private final Pipeline pipeline;
    private final ClamdClient clamd;
    private final WorkerPool workers;
    private final Map<Zone, SftpListener> sftp;
    private final Portal portal;
    private final Map<Zone, HttpsListener> https;
    private final Jobs jobs;

    private Appliance(
            DataDir data,
            Database db,
            AuditLog audit,
            SearchIndex index,
            Accounts accounts,
            Items items,
            Approvals approvals,
            RetentionJob retention,
            Originals originals,
            Folders folders,
            FolderUploads folderUploads,
            Pipeline pipeline,
            ClamdClient clamd,
            WorkerPool workers,
            Map<Zone, SftpListener> sftp,
            Portal portal,
            Map<Zone, HttpsListener> https,
            Jobs jobs) {
        this.data = data;
        this.db = db;
        this.audit = audit;
        this.index = index;
        this.accounts = accounts;
        this.items = items;
        this.approvals = approvals;
        this.retention = retention;
        this.originals = originals;
        this.folders = folders;
        this.folderUploads = folderUploads;
        this.pipeline = pipeline;
        this.clamd = clamd;
        this.workers = workers;
        this.sftp = sftp;
        this.portal = portal;
        this.https = https;
        this.jobs = jobs;
    }

    /**
     * Starts everything; on first start creates the master key, audit key and host keys. When a
     * part cannot start, what had started is closed again before the failure is thrown.
     */
    public static Appliance start(ApplianceConfig config, Clock clock, SecureRandom random, StageHook hook) {
        StartedParts opened = new StartedParts();
        try {
            return start(config, clock, random, hook, opened);
        } catch (RuntimeException | Error e) {
            opened.closeAfter(e);
            throw e;
        }
    }

    private static Appliance start(
            ApplianceConfig config, Clock clock, SecureRandom random, StageHook hook, StartedParts opened) {
        DataDir data = new DataDir(config.dataDir());
        data.create();
        Policy configured = config.policy();
        Database db = Database.open(data.database());
        opened.add("the database", db::close);
        MasterKey master = MasterKey.forData(db, data.masterKey(), random);
        EncryptedFileBlobStore blobs = new EncryptedFileBlobStore(data.root(), master, random);
        int temps = blobs.removeTemps();
        if (temps > 0) {
            log.warn("removed {} incomplete upload(s) left by an earlier stop", temps);
        }
        // What senders write goes through the reserve; the pipeline's own renditions do not, so
        // that a file already accepted is never stopped half-way by the next sender.
        ReservingBlobStore uploads = new ReservingBlobStore(blobs, data.root(), config.diskReserve());
        AuditKeys auditKeys = AuditKeys.loadOrGenerate(data.auditKey(), data.auditPublicKey(), random);
        AuditLog audit = AuditLog.open(data.audit(), auditKeys, clock);
        opened.add("the audit log", audit::close);
        boolean rebuildIndex = data.beginIndexRebuildIfNeeded();
        SearchIndex index = SearchIndex.open(data.index());
        opened.add("the search index", index::close);
        DirectorySource directory = LdapDirectory.openIfConfigured(config.directory());
        Accounts accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(random), clock, directory);
        opened.add("the directory connections", accounts::close);
        Items items = new Items(db, new JdbcItemStore(), clock);
        Approvals approvals = new Approvals(db, new JdbcApprovalStore(), items, accounts, clock);
        Departments departments = new Departments(db, new JdbcDepartmentStore(), clock);
        Exchange exchange =
                new Exchange(accounts::partnerOrganisations, departments::all, accounts::staffOf, items, audit);
        Names names = new Names(accounts, departments);
        // Filled as the listeners start; password links and notices' links are only made once they run.
        Map<Zone, HttpsListener> https = new EnumMap<>(Zone.class);
        // Before the first drain: an event queued before a stop is told when it leaves the queue.
        config.mail()
                .ifPresent(settings -> audit.follow(new Notices(
                        new JdbcItemStore(),
                        new JdbcFolderStore(),
                        new JdbcIdentityStore(),
                        new JdbcApprovalStore(),
                        approvals,
                        new JdbcMailStore(),
                        names,
                        zone -> portalUrl(config, https, zone),
                        clock)));
        PolicyVersions versions = new PolicyVersions(db, new JdbcPolicyVersionStore(), accounts, clock);
        PolicyInForce policy = PolicyInForce.open(versions, configured);
        ClamdClient clamd = ClamdClient.create(
                        ClamdClient.address(config.clamd()), config.scanTimeout(), config.streamMaxLength())
                .requiringSignaturesWithin(config.signaturesMaxAge(), clock);
        WorkerPool workers =
                new WorkerPool(SanitizerConfig.defaults(), config.sanitizerWorkers(), config.workers(), data.work());
        opened.add("the sanitizer workers", workers::close);
        FolderStore folderStore = new JdbcFolderStore();
        Folders folders = new Folders(db, folderStore, items, accounts, clock);
        Pipeline pipeline = new Pipeline(
                db,
                items,
                approvals,
                accounts::groups,
                folders,
                blobs,
                workers,
                clamd,
                policy::get,
                index,
                audit,
                data.work(),
                clock,
                random,
                config.workers(),
                hook);
        audit.append(AuditEvent.system(
                AuditType.APPLIANCE_STARTED, Map.of("clamd", config.clamd(), "version", ReleaseVersion.text())));
        audit.drain(db);
        Jobs jobs = new Jobs();
        opened.add("the periodic jobs", jobs::close);
        jobs.every(HOUSEKEEPING, SECOND, SECOND, "cannot append queued audit records", () -> audit.drain(db));
        config.mail()
                .map(settings -> new Mailer(db, new JdbcMailStore(), settings, clock))
                .ifPresent(mailer -> jobs.every(
                        "mail", SECOND, Duration.ofSeconds(5), "cannot hand notices to the mail relay", mailer::tick));
        jobs.every(
                HOUSEKEEPING,
                Duration.ZERO,
                MINUTE,
                "cannot escalate or expire approval requests",
                approvals::sweepAndLog);
        jobs.every(
                HOUSEKEEPING,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                "cannot check for a confirmed policy",
                policy::refresh);
        QuarantineStore quarantineStore = new JdbcQuarantineStore();
        RetentionJob retention = new RetentionJob(
                db,
                new JdbcRetentionStore(),
                items,
                blobs,
                index,
                policy::get,
                clock,
                folders::isCurrent,
                quarantineStore);
        jobs.every(HOUSEKEEPING, MINUTE, Duration.ofMinutes(10), "retention job failed", retention::sweepAndLog);
        // Its own thread: a backup of many files takes minutes and must hold up nothing else.
        Optional<BackupJob> backupJob =
                config.backup().map(schedule -> new BackupJob(data, schedule, auditKeys, audit::append, clock, random));
        backupJob.ifPresent(job ->
                jobs.every("backup", job.firstDelay(), job.schedule().every(), "scheduled backup failed", job::run));
        OriginalStore originalStore = new JdbcOriginalStore();
        Originals originals = new Originals(db, originalStore, items, accounts, approvals, policy::get, clock);
        OriginalReleaseJob releaseJob =
                new OriginalReleaseJob(db, originalStore, items, approvals, blobs, clamd, clock);
        // Its own thread: re-scanning a large original must not hold up the audit drain.
        jobs.every(
                "original-release", SECOND, SECOND, "cannot move requests for originals on", releaseJob::sweepAndLog);
        pipeline.start();
        opened.add("the pipeline", pipeline::close);
        if (rebuildIndex) {
            Thread.ofVirtual().name("index-rebuild").start(() -> {
                try {
                    IndexRebuild.run(items, pipeline, clock);
                    Files.deleteIfExists(data.indexRebuild());
                } catch (IOException | RuntimeException e) {
                    log.error("cannot rebuild the search index; it is rebuilt again at the next start", e);
                }
            });
        }
        FolderUploads folderUploads = new FolderUploads(folders, pipeline, uploads);
        SecondFactors secondFactors = new SecondFactors(db, new JdbcIdentityStore(), new Sealer(master, random), clock);
        SignInGuard signInGuard =
                new SignInGuard(db, new JdbcIdentityStore(), config.signIn().limits(), clock);
        RefusalAudit refusals = new RefusalAudit(audit::append, clock, 10);
        SignIn signIn = new SignIn(accounts, secondFactors, signInGuard, config.signIn(), audit::append, refusals);
        if (!config.signIn().staffSecondFactor()) {
            log.warn("sign-in.staff-second-factor is false: staff sign in with a password alone"
                    + " (職員は確認コードなしでログインできる設定です)");
        }
        PartialUploads partials = new PartialUploads(config.resumable(), audit::append, clock);
        jobs.every(HOUSEKEEPING, MINUTE, MINUTE, "cannot discard expired partial uploads", partials::expire);
        SftpBackend backend = new SftpBackend(
                accounts,
                signIn,
                items,
                uploads,
                pipeline,
                exchange,
                originals,
                folders,
                folderUploads,
                partials,
                audit,
                refusals,
                clock,
                Instant.now(clock));
        Map<Zone, SftpListener> sftp = new EnumMap<>(Zone.class);
        try {
            for (Zone zone : Zone.values()) {
                ApplianceConfig.Listener l = config.listener(zone);
                SftpListener listener = SftpListener.start(
                        zone,
                        l.address(),
                        l.sftpPort(),
                        data.hostKey(zone),
                        zone == Zone.MYNUMBER,
                        backend,
                        new ConnectionCap(l.connectionsPerAddress(), zone, "sftp", refusals));
                opened.add("the " + zone.word() + " SFTP listener", listener::close);
                sftp.put(zone, listener);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SFTP listeners: " + e.getMessage(), e);
        }
        PasswordLinks passwordLinks = new PasswordLinks(db, new JdbcIdentityStore(), accounts, random, clock);
        PortalAccounts portalAccounts = new PortalAccounts(
                accounts,
                secondFactors,
                passwordLinks,
                new PasswordChange(db, new JdbcIdentityStore(), accounts, clock),
                signInGuard,
                config.signIn(),
                random,
                audit,
                refusals,
                names);
        Unlocks unlocks = new Unlocks(
                db, new JdbcUnlockStore(), items, accounts, blobs, workers, pipeline, audit, data.work(), clock);
        ItemViews views = new ItemViews(items, names);
        PortalTransfers transfers =
                new PortalTransfers(exchange, names, items, views, uploads, pipeline, audit, unlocks);
        Portal portal = Portal.create(
                new Ports(
                        portalAccounts,
                        transfers,
                        new PortalApprovals(approvals, items, views, blobs, audit),
                        portalAccounts,
                        new PortalAudit(data.audit()),
                        new PortalStatistics(items, approvals),
                        new PortalQuarantine(
                                new Quarantine(db, quarantineStore, items, accounts, clock), items, views, blobs),
                        new PortalAdministration(
                                db,
                                accounts,
                                departments,
                                passwordLinks,
                                new LinkMail(
                                        accounts,
                                        config.mail().map(m -> new MailQueue(db, new JdbcMailStore(), clock))),
                                secondFactors,
                                items,
                                clamd,
                                data.root(),
                                zone -> portalUrl(config, https, Zones.domain(zone)),
                                policy::get,
                                () -> backupJob
                                        .map(PortalAdministration::backupHealth)
                                        .orElse(BackupHealth.NONE),
                                clock),
                        new PortalApiTokens(
                                new PersonalTokens(db, new JdbcIdentityStore(), random, clock), portalAccounts),
                        new PortalOriginals(originals, items, blobs, audit, clock),
                        new PortalSearch(index, transfers, folders, items),
                        new PortalUnlocking(unlocks),
                        new PortalPolicies(versions, config.policyFile()),
                        new PortalFolders(
                                folders,
                                folderUploads,
                                items,
                                views,
                                blobs,
                                audit,
                                new ShareLinks(
                                        db,
                                        new JdbcShareLinkStore(),
                                        folderStore,
                                        accounts,
                                        new PasswordHasher(random),
                                        random,
                                        clock),
                                zone -> portalUrl(config, https, Zones.domain(zone)))),
                PortalConfig.DEFAULTS.withMunicipality(config.municipality()),
                clock,
                random);
        jobs.every(
                HOUSEKEEPING,
                Duration.ofMinutes(5),
                Duration.ofMinutes(5),
                "cannot sweep portal sessions",
                portal::sweep);
        KeyStore tls = TlsCertificate.loadOrGenerate(
                data.tlsKeyStore(),
                data.tlsPassword(),
                config.listeners().values().stream()
                        .map(ApplianceConfig.Listener::address)
                        .distinct()
                        .toList(),
                random,
                clock);
        char[] tlsPassword = TlsCertificate.password(data.tlsPassword());
        for (Zone zone : Zone.values()) {
            ApplianceConfig.Listener l = config.listener(zone);
            HttpsListener listener = HttpsListener.start(
                    Zones.web(zone),
                    l.address(),
                    l.httpsPort(),
                    tls,
                    tlsPassword,
                    portal,
                    new ConnectionCap(l.connectionsPerAddress(), zone, "https", refusals));
            opened.add("the " + zone.word() + " portal", listener::close);
            https.put(zone, listener);
        }
        return new Appliance(
                data,
                db,
                audit,
                index,
                accounts,
                items,
                approvals,
                retention,
                originals,
                folders,
                folderUploads,
                pipeline,
                clamd,
                workers,
                sftp,
                portal,
                https,
                jobs);
    }

    public int sftpPort(Zone zone) {
        return listener(sftp, zone, "SFTP listener").port();
    }

    private static String portalUrl(ApplianceConfig config, Map<Zone, HttpsListener> https, Zone zone) {
        return PortalAdministration.baseUrl(
                config.listener(zone).address(),
                listener(https, zone, "HTTPS portal").port());
    }

    public int httpsPort(Zone zone) {
        return listener(https, zone, "HTTPS portal").port();
    }

    private static <L> L listener(Map<Zone, L> started, Zone zone, String what) {
        L l = started.get(zone);
        if (l == null) {
            throw new IllegalStateException("no " + what + " for " + zone.word());
        }
        return l;
    }

    /** The portals, to end an account's web sessions at once (disabled, reset). */
    public Portal portal() {
        return portal;
    }

    public Accounts accounts() {
        return accounts;
    }

    public Items items() {
        return items;
    }

    public Approvals approvals() {
        return approvals;
    }

    public RetentionJob retention() {
        return retention;
    }

    public Originals originals() {
        return originals;
    }

    public Folders folders() {
        return folders;
    }

    public FolderUploads folderUploads() {
        return folderUploads;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public SearchIndex index() {
        return index;
    }

    public ClamdClient clamd() {
        return clamd;
    }

    public WorkerPool sanitizerWorkers() {
        return workers;
    }

    public Path dataDir() {
        return data.root();
    }

    /** Stops listeners first (no new work), then the pipeline, then the stores. */
    @Override
    public void close() {
        for (HttpsListener l : https.values()) {
            try {
                l.close();
            } catch (Exception e) {
                log.warn("cannot stop the {} portal", l.zone().word(), e);
            }
        }
        for (SftpListener l : sftp.values()) {
            try {
                l.close();
            } catch (IOException e) {
                log.warn("cannot stop the {} SFTP listener", l.zone().word(), e);
            }
        }
        // A backup under way finishes its file and stops; its record must reach the log before it closes.
        jobs.close();
        pipeline.close();
        workers.close();
        audit.drain(db);
        audit.append(AuditEvent.system(AuditType.APPLIANCE_STOPPED, Map.of()));
        audit.close();
        index.close();
        accounts.close();
        db.close();
    }
}
