package jp.kakehashi.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.cli.CliRunner;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.PersonalTokens;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.identity.SecondFactors;
import jp.kakehashi.appliance.identity.SignInPolicy;
import jp.kakehashi.appliance.identity.Totp;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.item.StepFacts;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.Sealer;
import jp.kakehashi.appliance.store.StoredBlob;
import jp.kakehashi.appliance.workers.WorkerLimits;
import jp.kakehashi.policies.Zone;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** Starts the appliance in-process on free loopback ports, and logs in over real SFTP. */
final class ApplianceHarness {
    static final String PASSWORD = "correct horse battery staple";

    private ApplianceHarness() {}

    static ApplianceConfig config(Path data, String clamd) {
        return config(data, clamd, 2);
    }

    static ApplianceConfig config(Path data, String clamd, int workers) {
        Map<Zone, ApplianceConfig.Listener> listeners = new EnumMap<>(Zone.class);
        for (Zone z : Zone.values()) {
            listeners.put(z, new ApplianceConfig.Listener("127.0.0.1", 0, 0));
        }
        return new ApplianceConfig(
                data,
                listeners,
                clamd,
                Duration.ofSeconds(10),
                1L << 30,
                workers,
                WorkerLimits.defaults(),
                Optional.empty(),
                SignInPolicy.defaults());
    }

    static Appliance start(Path data, String clamd, StageHook hook) {
        return Appliance.start(config(data, clamd), Clock.systemUTC(), new SecureRandom(), hook);
    }

    /** With a clock the test moves: for time limits (expiry, withdrawal) without waiting for them. */
    static Appliance start(Path data, String clamd, Clock clock) {
        return Appliance.start(config(data, clamd), clock, new SecureRandom(), StageHook.NONE);
    }

    /** Under the policy in {@code policyFile} instead of the shipped one. */
    static Appliance start(Path data, String clamd, Path policyFile) {
        ApplianceConfig c = config(data, clamd);
        return Appliance.start(
                new ApplianceConfig(
                        c.dataDir(),
                        c.listeners(),
                        c.clamd(),
                        c.scanTimeout(),
                        c.streamMaxLength(),
                        c.workers(),
                        c.sanitizerWorkers(),
                        Optional.of(policyFile),
                        c.signIn()),
                Clock.systemUTC(),
                new SecureRandom(),
                StageHook.NONE);
    }

    static Appliance start(Path data, String clamd, StageHook hook, int workers) {
        return Appliance.start(config(data, clamd, workers), Clock.systemUTC(), new SecureRandom(), hook);
    }

    /** The SSH key of every account the harness creates: how the tests' SFTP clients sign in. */
    static final KeyPair KEY = newKey();

    /** {@link #KEY}'s public half as an authorized_keys line. */
    static final String KEY_LINE = PublicKeyEntry.toString(KEY.getPublic());

    private static KeyPair newKey() {
        try {
            return KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void addAccounts(Appliance appliance) {
        appliance
                .accounts()
                .create(
                        new Account("acme-user", Role.PARTNER, "acme", java.util.List.of(KEY_LINE), false),
                        Optional.of(PASSWORD.toCharArray()),
                        "test");
        appliance
                .accounts()
                .create(
                        new Account("tanaka", Role.STAFF, "somu", java.util.List.of(KEY_LINE), false),
                        Optional.of(PASSWORD.toCharArray()),
                        "test");
        appliance
                .accounts()
                .create(
                        new Account("mn-import", Role.MYNUMBER, "shimin", java.util.List.of(KEY_LINE), false),
                        Optional.of(PASSWORD.toCharArray()),
                        "test");
    }

    /** An LGWAN account in one group (kacho, security-officers ...), the way policies name approvers. */
    static void addStaff(Appliance appliance, String name, Role role, String group) {
        appliance
                .accounts()
                .create(
                        new Account(name, role, "somu", java.util.List.of(KEY_LINE), false),
                        Optional.of(PASSWORD.toCharArray()),
                        "test");
        appliance.accounts().changeGroups(name, java.util.Set.of(group), java.util.Set.of(), "test");
    }

    /**
     * Waits until the item of that name reaches {@code state} or a final state (a minute at
     * most) and asserts it is in {@code state}; returns it.
     */
    static TransferItem awaitItem(Appliance appliance, String name, ItemState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Optional<TransferItem> item = Optional.empty();
        while (System.nanoTime() < deadline) {
            item = appliance.items().all().stream()
                    .filter(i -> i.name().equals(name))
                    .findFirst();
            if (item.isPresent()
                    && (item.get().state() == state || item.get().state().terminal())) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(item).as(name).isPresent();
        assertThat(item.get().state()).as(name + ": " + item.get()).isEqualTo(state);
        return item.get();
    }

    /** Runs {@code kakehashi ARGS} in-process and asserts it succeeded. */
    static CliRunner.Run cli(String... args) {
        CliRunner.Run run = CliRunner.run("", args);
        assertThat(run.exit()).as(String.join(" ", args) + "\n" + run.err()).isZero();
        return run;
    }

    /**
     * Enrols an authenticator for {@code name} as its holder would (a new secret, then its current
     * code), straight in the data directory, so that it works with any clock the appliance runs
     * on; the secret is kept in {@link PortalClient#SECRETS}.
     */
    static void enrolAuthenticator(Path data, String name) throws Exception {
        SecureRandom random = new SecureRandom();
        String secret = Totp.newSecret(random);
        try (Database db = Database.open(new DataDir(data).database())) {
            SecondFactors factors = new SecondFactors(
                    db,
                    new JdbcIdentityStore(),
                    new Sealer(MasterKey.load(new DataDir(data).masterKey()), random),
                    Clock.systemUTC());
            assertThat(factors.enrol(name, secret, Authenticator.fresh(secret)))
                    .as("enrolling " + name)
                    .isTrue();
        }
        PortalClient.SECRETS.put(name, secret);
    }

    /**
     * Runs a console command that acts for {@code user}: {@code --user} and {@code --stdin}, with
     * the password and a fresh code of the authenticator {@link #enrolAuthenticator} enrolled.
     */
    static CliRunner.Run runFor(String user, String... args) throws Exception {
        String secret = PortalClient.SECRETS.get(user);
        assertThat(secret).as("an authenticator enrolled for " + user).isNotNull();
        String[] all = java.util.Arrays.copyOf(args, args.length + 3);
        all[args.length] = "--user";
        all[args.length + 1] = user;
        all[args.length + 2] = "--stdin";
        return CliRunner.run(PASSWORD + "\n" + Authenticator.fresh(secret) + "\n", all);
    }

    /** {@link #runFor}, expecting the command to succeed. */
    static CliRunner.Run cliFor(String user, String... args) throws Exception {
        CliRunner.Run run = runFor(user, args);
        assertThat(run.exit())
                .as(String.join(" ", args) + " for " + user + "\n" + run.err())
                .isZero();
        return run;
    }

    /** The kinds of record in the audit log under {@code data}. */
    static Set<String> auditTypes(Path data) {
        return AuditLog.readRecords(data.resolve("audit")).stream()
                .map(r -> r.path("type").asText())
                .collect(Collectors.toSet());
    }

    /** Every record of the audit log under {@code data}, one JSON object a line. */
    static String auditText(Path data) {
        return AuditLog.readRecords(data.resolve("audit")).stream()
                .map(Object::toString)
                .collect(Collectors.joining("\n"));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An SFTP session; closing it closes the client too. */
    record Sftp(SshClient client, ClientSession session, SftpClient sftp) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            sftp.close();
            session.close();
            client.stop();
        }
    }

    /**
     * Logs in with the test key every harness account holds (a password alone never signs in over
     * SFTP; the password-and-code way is {@link #loginWithPasswordAndCode}, tried where it is the subject).
     */
    static Sftp login(int port, String user) throws Exception {
        return connect(port, user, session -> session.addPublicKeyIdentity(KEY));
    }

    /** Logs in by keyboard-interactive, answering the password and code prompts as WinSCP's user would. */
    static Sftp loginWithPasswordAndCode(int port, String user, String password, String code) throws Exception {
        return connect(
                port,
                user,
                session -> session.setUserInteraction(new UserInteraction() {
                    @Override
                    public String[] interactive(
                            ClientSession s,
                            String name,
                            String instruction,
                            String lang,
                            String[] prompts,
                            boolean[] echo) {
                        return prompts.length == 2 ? new String[] {password, code} : new String[prompts.length];
                    }

                    @Override
                    public String getUpdatedPassword(ClientSession s, String prompt, String lang) {
                        throw new IllegalStateException("no password change over SFTP");
                    }
                }));
    }

    private static Sftp connect(int port, String user, java.util.function.Consumer<ClientSession> identity)
            throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try {
            ClientSession session = client.connect(user, "127.0.0.1", port)
                    .verify(Duration.ofSeconds(10))
                    .getSession();
            identity.accept(session);
            session.auth().verify(Duration.ofSeconds(20));
            return new Sftp(client, session, SftpClientFactory.instance().createSftpClient(session));
        } catch (Exception e) {
            client.stop();
            throw e;
        }
    }

    /** An API token of {@code user}, made through a second handle on the database (WAL): the appliance exposes no token maker. */
    static String apiToken(Path data, String user) {
        PersonalTokens tokens = new PersonalTokens(
                Database.open(new DataDir(data).database()),
                new JdbcIdentityStore(),
                new SecureRandom(),
                Clock.systemUTC());
        return tokens.make(user, "test", Duration.ofDays(1)).token();
    }

    /**
     * Publishes a held upload as it is (its original as its rendition), where a test or benchmark
     * is about the portal and the blob store rather than the sanitizer.
     */
    static void publishAsIs(Appliance appliance, String id) {
        TransferItem item = appliance.items().find(id).orElseThrow();
        boolean moved = appliance
                .items()
                .advance(
                        id,
                        ItemState.RECEIVED,
                        ItemState.PUBLISHED,
                        new StepFacts.Rendition(
                                new StoredBlob(new BlobId(item.originalBlob()), item.size(), item.sha256()),
                                item.name(),
                                "application/octet-stream",
                                ""));
        if (!moved) {
            throw new IllegalStateException("item " + id + " was not RECEIVED");
        }
    }
}
