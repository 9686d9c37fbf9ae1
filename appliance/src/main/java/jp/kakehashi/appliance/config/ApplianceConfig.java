package jp.kakehashi.appliance.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.backup.BackupSchedule;
import jp.kakehashi.appliance.backup.BackupTarget;
import jp.kakehashi.appliance.backup.SnapshotRetention;
import jp.kakehashi.appliance.directory.DirectorySettings;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.identity.SignInGuard;
import jp.kakehashi.appliance.identity.SignInPolicy;
import jp.kakehashi.appliance.net.Cidr;
import jp.kakehashi.appliance.notify.MailSettings;
import jp.kakehashi.appliance.workers.WorkerLimits;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.policies.PolicyLoader;
import jp.kakehashi.policies.YamlSection;
import jp.kakehashi.policies.Zone;

/**
 * Everything {@code kakehashi up} needs, read from {@code kakehashi.yaml} (see
 * {@code appliance/kakehashi.example.yaml} for every key with its default). Unknown keys stop
 * start-up with the file, line and key named.
 *
 * @param dataDir where blobs, the database, the audit log, the index and the keys live
 * @param listeners the address, SFTP port and HTTPS port of each zone
 * @param clamd clamd's address, {@code tcp://HOST:PORT} or {@code unix:PATH}
 * @param scanTimeout the longest a single clamd read or write may wait
 * @param streamMaxLength clamd's {@code StreamMaxLength}; larger files are quarantined as unscannable
 * @param workers pipeline workers (parallel items), and as many sanitizer worker processes
 * @param sanitizerWorkers heap, time budget and recycling of each sanitizer worker process
 * @param policyFile the policy file, or empty for the shipped default
 * @param signIn lock-out limits, the second factor and the SFTP sign-in methods of each role
 * @param diskReserve free space uploads leave on the data disk, for the database, the audit
 *     trail and the index: an upload is refused (DISK_FULL) before it would eat into it
 * @param signaturesMaxAge how old clamd's signatures may be before files wait for an update
 *     instead of being scanned with them; zero checks nothing
 * @param outbound the peers the appliance itself connects to, which its firewall admits
 * @param backup the daemon's scheduled backups, if configured ({@code kakehashi backup} works either way)
 * @param resumable how long an interrupted or not yet renamed SFTP upload is kept, and how many
 *     one account may have
 * @param municipality the municipality's name as its reports are headed (「〇〇市」); empty when not set
 * @param mail how notices reach people by mail, when a mail relay and a sender address are given
 * @param directory the municipality's directory, when staff sign in with its accounts
 *
 * <p>Long because every key of {@code kakehashi.yaml} is read and checked here, each with its default
 * and its error naming the file, line and key.
 */
public record ApplianceConfig(
        Path dataDir,
        Map<Zone, Listener> listeners,
        String clamd,
        Duration scanTimeout,
        long streamMaxLength,
        int workers,
        WorkerLimits sanitizerWorkers,
        Optional<Path> policyFile,
        SignInPolicy signIn,
        long diskReserve,
        Duration signaturesMaxAge,
        Outbound outbound,
        Optional<BackupSchedule> backup,
        ResumableUploads resumable,
        String municipality,
        Optional<MailSettings> mail,
        Optional<DirectorySettings> directory) {
    /** The free space left for the database and the audit trail unless the configuration says otherwise. */
    public static final long DEFAULT_DISK_RESERVE = 512L << 20;

    /**
     * Signatures a month old still catch most of what circulates; past that, files wait. A network
     * without freshclam must bring updates in by hand (README, 定義ファイルの更新), at least as often.
     */
    public static final Duration DEFAULT_SIGNATURES_MAX_AGE = Duration.ofDays(30);

    public ApplianceConfig(
            Path dataDir,
            Map<Zone, Listener> listeners,
            String clamd,
            Duration scanTimeout,
            long streamMaxLength,
            int workers,
            WorkerLimits sanitizerWorkers,
            Optional<Path> policyFile,
            SignInPolicy signIn) {
        this(
                dataDir,
                listeners,
                clamd,
                scanTimeout,
                streamMaxLength,
                workers,
                sanitizerWorkers,
                policyFile,
                signIn,
                DEFAULT_DISK_RESERVE,
                DEFAULT_SIGNATURES_MAX_AGE,
                Outbound.NONE);
    }

    /** Without scheduled backups. */
    public ApplianceConfig(
            Path dataDir,
            Map<Zone, Listener> listeners,
            String clamd,
            Duration scanTimeout,
            long streamMaxLength,
            int workers,
            WorkerLimits sanitizerWorkers,
            Optional<Path> policyFile,
            SignInPolicy signIn,
            long diskReserve,
            Duration signaturesMaxAge,
            Outbound outbound) {
        this(
                dataDir,
                listeners,
                clamd,
                scanTimeout,
                streamMaxLength,
                workers,
                sanitizerWorkers,
                policyFile,
                signIn,
                diskReserve,
                signaturesMaxAge,
                outbound,
                Optional.empty(),
                ResumableUploads.defaults(),
                "",
                Optional.empty(),
                Optional.empty());
    }

    public ApplianceConfig {
        requireNonNull(dataDir, "dataDir");
        listeners = Map.copyOf(listeners);
        requireNonNull(clamd, "clamd");
        requireNonNull(scanTimeout, "scanTimeout");
        requireNonNull(sanitizerWorkers, "sanitizerWorkers");
        requireNonNull(policyFile, "policyFile");
        requireNonNull(signIn, "signIn");
        requireNonNull(resumable, "resumable");
        requireNonNull(municipality, "municipality");
        requireNonNull(mail, "mail");
        requireNonNull(directory, "directory");
        if (diskReserve < 0) {
            throw new IllegalArgumentException("diskReserve must not be negative, was " + diskReserve);
        }
        requireNonNull(signaturesMaxAge, "signaturesMaxAge");
        if (signaturesMaxAge.isNegative()) {
            throw new IllegalArgumentException("signaturesMaxAge must not be negative, was " + signaturesMaxAge);
        }
        requireNonNull(outbound, "outbound");
        requireNonNull(backup, "backup");
        for (Zone z : Zone.values()) {
            if (!listeners.containsKey(z)) {
                throw new IllegalArgumentException("no listener configured for zone " + z.word());
            }
        }
    }

    /**
     * The policy in force: the configured file, or the shipped default.
     *
     * @throws jp.kakehashi.policies.ConfigException naming file, line and column, for a file that does not lint
     */
    public Policy policy() {
        return policyFile.map(PolicyLoader::load).orElseGet(PolicyLoader::shippedDefault);
    }

    /**
     * Where one zone listens: its SFTP port and its HTTPS portal's port. Port 0 picks a free port
     * (tests).
     *
     * @param connectionsPerAddress open connections one source address may hold on each of the
     *     zone's listeners (SFTP and HTTPS counted apart); past it a new one is closed at once
     * @param interfaceName the segment's network interface on the appliance; empty in development,
     *     where the zones may share loopback
     * @param allowFrom the address ranges the firewall admits to this zone's listeners; empty: any
     */
    public record Listener(
            String address,
            int sftpPort,
            int httpsPort,
            int connectionsPerAddress,
            Optional<String> interfaceName,
            List<Cidr> allowFrom) {
        /** Enough for an office behind one NAT address, far below what starves a listener. */
        public static final int DEFAULT_CONNECTIONS_PER_ADDRESS = 64;

        public Listener {
            requireNonNull(address, "address");
            requireNonNull(interfaceName, "interfaceName");
            allowFrom = List.copyOf(allowFrom);
            if (sftpPort < 0 || sftpPort > 65535) {
                throw new IllegalArgumentException("sftp-port must be 0-65535, was " + sftpPort);
            }
            if (httpsPort < 0 || httpsPort > 65535) {
                throw new IllegalArgumentException("https-port must be 0-65535, was " + httpsPort);
            }
            if (connectionsPerAddress < 1) {
                throw new IllegalArgumentException(
                        "connections-per-address must be at least 1, was " + connectionsPerAddress);
            }
        }

        public Listener(String address, int sftpPort, int httpsPort, int connectionsPerAddress) {
            this(address, sftpPort, httpsPort, connectionsPerAddress, Optional.empty(), List.of());
        }

        public Listener(String address, int sftpPort, int httpsPort) {
            this(address, sftpPort, httpsPort, DEFAULT_CONNECTIONS_PER_ADDRESS);
        }
    }

    public static final String DEFAULT_CLAMD = "unix:/run/clamav/clamd.ctl";

    /** The defaults: data in {@code ./data}, the three zones on loopback, SFTP 2221-2223 and HTTPS 8441-8443. */
    public static ApplianceConfig defaults(Path dataDir) {
        Map<Zone, Listener> listeners = new EnumMap<>(Zone.class);
        listeners.put(Zone.INTERNET, new Listener("127.0.0.1", 2221, 8441));
        listeners.put(Zone.LGWAN, new Listener("127.0.0.1", 2222, 8442));
        listeners.put(Zone.MYNUMBER, new Listener("127.0.0.1", 2223, 8443));
        return new ApplianceConfig(
                dataDir,
                listeners,
                DEFAULT_CLAMD,
                Duration.ofSeconds(30),
                25L << 20,
                2,
                WorkerLimits.defaults(),
                Optional.empty(),
                SignInPolicy.defaults());
    }

    /** Reads a configuration file; relative paths in it are relative to the file's folder. */
    public static ApplianceConfig load(Path file) {
        YamlSection root = YamlSection.load(file);
        Path base = requireNonNull(file.toAbsolutePath().getParent(), "folder of " + file);
        ApplianceConfig d = defaults(base.resolve("data"));
        Path dataDir = base.resolve(root.string("data-dir", "data")).normalize();
        Map<Zone, Listener> listeners = new EnumMap<>(Zone.class);
        YamlSection zones = root.section("zones");
        List<Cidr> managementFrom = List.of();
        for (Zone z : Zone.values()) {
            Listener def = d.listener(z);
            YamlSection s = zones.section(z.word());
            if (z == Zone.LGWAN) {
                // The administrators' desks: only the LGWAN has them (other zones' sections refuse the key).
                managementFrom = ranges(s, "management-from");
            }
            listeners.put(
                    z,
                    new Listener(
                            s.string("address", def.address()),
                            s.integer("sftp-port", def.sftpPort(), 0, 65535),
                            s.integer("https-port", def.httpsPort(), 0, 65535),
                            s.integer("connections-per-address", def.connectionsPerAddress(), 1, 100_000),
                            s.optionalString("interface")
                                    .filter(n -> !n.isBlank())
                                    .map(n -> interfaceName(s, n)),
                            ranges(s, "allow-from")));
            s.finish();
        }
        zones.finish();
        YamlSection scanner = root.section("scanner");
        String clamd = scanner.string("clamd", d.clamd());
        if (!clamd.startsWith("tcp://") && !clamd.startsWith("unix:")) {
            throw scanner.error("clamd", "must be tcp://HOST:PORT or unix:PATH, was '" + clamd + "'");
        }
        Duration timeout = scanner.duration("timeout", d.scanTimeout());
        long maxStream = scanner.size("stream-max-length", d.streamMaxLength());
        Duration signaturesMaxAge = scanner.duration("signatures-max-age", d.signaturesMaxAge());
        scanner.finish();
        YamlSection pipeline = root.section("pipeline");
        int workers = pipeline.integer("workers", d.workers(), 1, 64);
        WorkerLimits w = d.sanitizerWorkers();
        long heap = pipeline.size("worker-heap", w.heapBytes());
        if (heap < (32L << 20)) {
            throw pipeline.error("worker-heap", "must be at least 32MB");
        }
        WorkerLimits sanitizerWorkers = new WorkerLimits(
                heap,
                pipeline.duration("worker-timeout", w.timeout()),
                pipeline.integer("files-per-worker", w.filesPerWorker(), 1, 1_000_000));
        pipeline.finish();
        Optional<Path> policy = root.optionalString("policy-file")
                .filter(s -> !s.isBlank())
                .map(s -> base.resolve(s).normalize());
        policy.ifPresent(p -> {
            if (!Files.exists(p)) {
                throw root.error("policy-file", "names " + p + ", which does not exist");
            }
        });
        SignInPolicy signIn = signIn(root.section("sign-in"), d.signIn()).withManagementFrom(managementFrom);
        long reserve = root.size("disk-reserve", d.diskReserve());
        Outbound outbound = Outbound.read(root.section("outbound"));
        List<Path> configuration = new ArrayList<>(List.of(file.toAbsolutePath()));
        policy.ifPresent(configuration::add);
        Optional<BackupSchedule> backup = backup(root.section("backup"), base, dataDir, configuration);
        YamlSection uploads = root.section("uploads");
        ResumableUploads resumable = new ResumableUploads(
                uploads.duration("keep-partial", d.resumable().keptFor()),
                uploads.integer("partials-per-account", d.resumable().perAccount(), 1, 1000));
        if (resumable.keptFor().compareTo(Duration.ofMinutes(1)) < 0) {
            throw uploads.error("keep-partial", "must be at least 1m (一時ファイルの保持時間は1分以上にしてください)");
        }
        uploads.finish();
        String municipality = root.string("municipality", d.municipality()).strip();
        if (municipality.length() > 60) {
            throw root.error("municipality", "must be at most 60 characters (自治体名は60文字以内にしてください)");
        }
        Optional<MailSettings> mail = MailSettings.read(root.section("mail"), outbound.smtpRelay());
        Optional<DirectorySettings> directory = DirectorySettings.read(root.section("directory"), base);
        root.finish();
        return new ApplianceConfig(
                dataDir,
                listeners,
                clamd,
                timeout,
                maxStream,
                workers,
                sanitizerWorkers,
                policy,
                signIn,
                reserve,
                signaturesMaxAge,
                outbound,
                backup,
                resumable,
                municipality,
                mail,
                directory);
    }

    private static Optional<BackupSchedule> backup(YamlSection s, Path base, Path dataDir, List<Path> configuration) {
        Optional<String> destination = s.optionalString("destination").filter(t -> !t.isBlank());
        Optional<String> hostKey = s.optionalString("host-key").filter(t -> !t.isBlank());
        Optional<Path> identity = s.optionalString("identity")
                .filter(t -> !t.isBlank())
                .map(t -> base.resolve(t).normalize());
        SnapshotRetention d = SnapshotRetention.defaults();
        Duration every = s.duration("every", Duration.ofHours(24));
        int daily = s.integer("keep-daily", d.daily(), 0, 10_000);
        int weekly = s.integer("keep-weekly", d.weekly(), 0, 10_000);
        int monthly = s.integer("keep-monthly", d.monthly(), 0, 10_000);
        if (every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw s.error("every", "must be a positive duration such as 24h or 1h");
        }
        Optional<BackupTarget> where;
        try {
            where = destination.map(t -> BackupTarget.parse(t, hostKey, identity, base));
        } catch (IllegalArgumentException e) {
            throw s.error("destination", String.valueOf(e.getMessage()));
        }
        if (where.isPresent()
                && where.get() instanceof BackupTarget.Directory dir
                && dir.path().startsWith(dataDir.toAbsolutePath().normalize())) {
            // A copy on the same disk is lost with it: the whole point of a backup.
            throw s.error(
                    "destination", "is inside the data directory " + dataDir + "; use another disk or a NAS share");
        }
        s.finish();
        return where.map(
                t -> new BackupSchedule(t, every, new SnapshotRetention(daily, weekly, monthly), configuration));
    }

    private static List<Cidr> ranges(YamlSection s, String key) {
        List<Cidr> out = new ArrayList<>();
        for (String t : s.strings(key)) {
            try {
                out.add(Cidr.parse(t));
            } catch (IllegalArgumentException e) {
                throw s.error(key, String.valueOf(e.getMessage()));
            }
        }
        return out;
    }

    private static String interfaceName(YamlSection s, String name) {
        // Linux interface names: at most 15 bytes, no slash or space; nftables quotes them as given.
        if (!name.matches("[A-Za-z0-9_.-]{1,15}")) {
            throw s.error(
                    "interface",
                    "'" + name + "' is not an interface name (1-15 letters, digits, . _ -)" + " / インタフェース名として正しくありません");
        }
        return name;
    }

    private static SignInPolicy signIn(YamlSection s, SignInPolicy d) {
        SignInGuard.Limits limits = new SignInGuard.Limits(
                s.integer("failures-before-lock", d.limits().failuresBeforeLock(), 1, 100),
                s.duration("lock-for", d.limits().lockFor()),
                s.integer("failures-per-source", d.limits().failuresPerSource(), 1, 10_000));
        if (limits.lockFor().compareTo(Duration.ofMinutes(1)) < 0) {
            throw s.error("lock-for", "must be at least 1m");
        }
        boolean staff = s.bool("staff-second-factor", d.staffSecondFactor());
        YamlSection methods = s.section("sftp");
        Map<Role, SignInPolicy.SftpMethods> sftp = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            String word = methods.string(r.word(), d.sftp(r).word());
            try {
                sftp.put(r, SignInPolicy.SftpMethods.parse(word));
            } catch (IllegalArgumentException e) {
                throw methods.error(r.word(), String.valueOf(e.getMessage()));
            }
        }
        methods.finish();
        s.finish();
        return new SignInPolicy(limits, staff, sftp, d.managementFrom());
    }

    /** Where {@code zone} listens; every zone has a listener. */
    public Listener listener(Zone zone) {
        return requireNonNull(listeners.get(zone), zone.word());
    }

    public ApplianceConfig withBackup(Optional<BackupSchedule> schedule) {
        Copy c = new Copy(this);
        c.backup = schedule;
        return c.build();
    }

    public ApplianceConfig withDataDir(Path dir) {
        Copy c = new Copy(this);
        c.dataDir = dir;
        return c.build();
    }

    public ApplianceConfig withClamd(String address) {
        Copy c = new Copy(this);
        c.clamd = address;
        return c.build();
    }

    public ApplianceConfig withSanitizerWorkers(WorkerLimits limits) {
        Copy c = new Copy(this);
        c.sanitizerWorkers = limits;
        return c.build();
    }

    public ApplianceConfig withSignIn(SignInPolicy policy) {
        Copy c = new Copy(this);
        c.signIn = policy;
        return c.build();
    }

    public ApplianceConfig withDiskReserve(long bytes) {
        Copy c = new Copy(this);
        c.diskReserve = bytes;
        return c.build();
    }

    public ApplianceConfig withResumableUploads(ResumableUploads limits) {
        Copy c = new Copy(this);
        c.resumable = limits;
        return c.build();
    }

    public ApplianceConfig withMail(Optional<MailSettings> settings) {
        Copy c = new Copy(this);
        c.mail = settings;
        return c.build();
    }

    public ApplianceConfig withDirectory(Optional<DirectorySettings> settings) {
        Copy c = new Copy(this);
        c.directory = settings;
        return c.build();
    }

    public ApplianceConfig withMunicipality(String name) {
        Copy c = new Copy(this);
        c.municipality = name;
        return c.build();
    }

    /** A configuration's fields, to change one or two and build a new one checked like any other. */
    private static final class Copy {
        Path dataDir;
        Map<Zone, Listener> listeners;
        String clamd;
        Duration scanTimeout;
        long streamMaxLength;
        int workers;
        WorkerLimits sanitizerWorkers;
        Optional<Path> policyFile;
        SignInPolicy signIn;
        long diskReserve;
        Duration signaturesMaxAge;
        Outbound outbound;
        Optional<BackupSchedule> backup;
        ResumableUploads resumable;
        String municipality;
        Optional<MailSettings> mail;
        Optional<DirectorySettings> directory;

        Copy(ApplianceConfig c) {
            dataDir = c.dataDir;
            listeners = c.listeners;
            clamd = c.clamd;
            scanTimeout = c.scanTimeout;
            streamMaxLength = c.streamMaxLength;
            workers = c.workers;
            sanitizerWorkers = c.sanitizerWorkers;
            policyFile = c.policyFile;
            signIn = c.signIn;
            diskReserve = c.diskReserve;
            signaturesMaxAge = c.signaturesMaxAge;
            outbound = c.outbound;
            backup = c.backup;
            resumable = c.resumable;
            municipality = c.municipality;
            mail = c.mail;
            directory = c.directory;
        }

        ApplianceConfig build() {
            return new ApplianceConfig(
                    dataDir,
                    listeners,
                    clamd,
                    scanTimeout,
                    streamMaxLength,
                    workers,
                    sanitizerWorkers,
                    policyFile,
                    signIn,
                    diskReserve,
                    signaturesMaxAge,
                    outbound,
                    backup,
                    resumable,
                    municipality,
                    mail,
                    directory);
        }
    }
}
