package jp.kakehashi.appliance.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import jp.kakehashi.appliance.audit.AuditKeys;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditLogBusyException;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.config.ApplianceConfig;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Contact;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.PasswordLinks;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.identity.SecondFactors;
import jp.kakehashi.appliance.jdbc.JdbcIdentityStore;
import jp.kakehashi.appliance.portal.PortalAdministration;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.appliance.store.MasterKey;
import jp.kakehashi.appliance.store.Sealer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kakehashi user add}: the first accounts, and every officer and administrator, are created
 * here (setup is command-line only, DESIGN §7); administrators invite partners and staff from the
 * LGWAN portal.
 */
@Command(
        name = "user",
        description = "Accounts (アカウント).",
        subcommands = {
            UserCommand.Add.class,
            UserCommand.Groups.class,
            UserCommand.Reset.class,
            UserCommand.Notices.class,
            UserCommand.Name.class
        })
final class UserCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "use: kakehashi user add NAME --role ROLE --org ORG | user groups NAME --add G"
                        + " | user reset NAME --password --totp");
    }

    /** Without a running appliance nobody would drain the audit queue, so the command does it itself. */
    static void appendNowIfIdle(DataDir dir, Database db, SecureRandom random) {
        try (AuditLog audit = AuditLog.open(
                dir.audit(),
                AuditKeys.loadOrGenerate(dir.auditKey(), dir.auditPublicKey(), random),
                Clock.systemUTC())) {
            audit.drain(db);
        } catch (AuditLogBusyException e) {
            // The running appliance holds the log and appends the queued record within a second.
        }
    }

    /**
     * Runs one change to the accounts with the data directory open and its audit record appended,
     * printing what it returns; a refused change prints its reason and exits 64.
     */
    static int changeAccounts(DataOptions data, String command, Function<Accounts, String> change) {
        DataDir dir = new DataDir(data.load().dataDir());
        SecureRandom random = new SecureRandom();
        try (Database db = Database.open(dir.database())) {
            String done = change.apply(
                    new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(random), Clock.systemUTC()));
            appendNowIfIdle(dir, db, random);
            System.out.println(done);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("kakehashi " + command + ": " + e.getMessage());
            return 64;
        }
    }

    @Command(
            name = "add",
            description = "Create an account. Roles: partner (internet), staff, officer, admin (LGWAN), mynumber.")
    static final class Add implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "NAME")
        String name = "";

        @Option(names = "--role", required = true, description = "partner, staff, officer, admin or mynumber")
        String role = "";

        @Option(
                names = {"--org", "--organisation"},
                required = true,
                description = "Partner organisation id, or the staff member's department id.")
        String organisation = "";

        @Option(
                names = "--group",
                paramLabel = "GROUP",
                description = "A group the account belongs to (課・係・役職, e.g. kacho); repeatable.")
        List<String> groups = new ArrayList<>();

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--display-name", paramLabel = "氏名", description = "The name people know them by (田中 太郎).")
        @Nullable
        String displayName;

        @Option(
                names = "--ssh-key",
                paramLabel = "FILE",
                description = "An OpenSSH public key file (e.g. id_ed25519.pub).")
        @Nullable
        Path sshKey;

        @Override
        public Integer call() throws IOException {
            Account account;
            Optional<char[]> password = Optional.empty();
            List<String> keys = new ArrayList<>();
            try {
                if (sshKey != null) {
                    for (String line : Files.readAllLines(sshKey, StandardCharsets.UTF_8)) {
                        if (!line.isBlank() && !line.startsWith("#")) {
                            keys.add(line.strip());
                        }
                    }
                }
                if (passwordStdin) {
                    String line = new java.io.BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                            .readLine();
                    password = Optional.of(line == null ? new char[0] : line.toCharArray());
                }
                account = new Account(name, Role.parse(role), organisation, keys, false);
            } catch (IllegalArgumentException e) {
                System.err.println("kakehashi user add: " + e.getMessage());
                return 64;
            }
            DataDir dir = new DataDir(data.load().dataDir());
            Files.createDirectories(dir.root());
            SecureRandom random = new SecureRandom();
            try (Database db = Database.open(dir.database())) {
                Accounts accounts =
                        new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(random), Clock.systemUTC());
                groups.forEach(Account::checkGroup);
                accounts.create(account, password, "cli");
                if (displayName != null) {
                    accounts.setDisplayName(account.name(), Optional.of(displayName), "cli");
                }
                if (!groups.isEmpty()) {
                    accounts.changeGroups(account.name(), Set.copyOf(groups), Set.of(), "cli");
                }
                appendNowIfIdle(dir, db, random);
            } catch (IllegalArgumentException e) {
                System.err.println("kakehashi user add: " + e.getMessage());
                return 64;
            }
            System.out.println("created " + account.role().japaneseName() + " ("
                    + account.role().word() + ") '" + account.name() + "' of " + account.organisation() + " in the "
                    + account.zone().word() + " zone"
                    + (groups.isEmpty() ? "" : ", groups " + String.join(",", groups)));
            return 0;
        }
    }

    @Command(
            name = "groups",
            description = "Show, add or remove the groups of an account (所属グループ); policy names approvers by group.")
    static final class Groups implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "NAME")
        String name = "";

        @Option(names = "--add", paramLabel = "GROUP", description = "repeatable")
        List<String> add = new ArrayList<>();

        @Option(names = "--remove", paramLabel = "GROUP", description = "repeatable")
        List<String> remove = new ArrayList<>();

        @Override
        public Integer call() {
            DataDir dir = new DataDir(data.load().dataDir());
            SecureRandom random = new SecureRandom();
            try (Database db = Database.open(dir.database())) {
                Accounts accounts =
                        new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(random), Clock.systemUTC());
                Set<String> now;
                if (add.isEmpty() && remove.isEmpty()) {
                    if (accounts.find(name).isEmpty()) {
                        System.err.println("kakehashi user groups: there is no account '" + name + "' (アカウントがありません)");
                        return 64;
                    }
                    now = accounts.groups(name);
                } else {
                    now = accounts.changeGroups(name, Set.copyOf(add), Set.copyOf(remove), "cli");
                    appendNowIfIdle(dir, db, random);
                }
                System.out.println(name + ": " + (now.isEmpty() ? "(グループなし / no groups)" : String.join(",", now)));
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("kakehashi user groups: " + e.getMessage());
                return 64;
            }
        }
    }

    /** {@code kakehashi user name NAME 氏名}: the name people know an account's person by. */
    @Command(name = "name", description = "Set the name people know an account's person by (氏名); \"\" clears it.")
    static final class Name implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "NAME")
        String name = "";

        @Parameters(index = "1", paramLabel = "氏名")
        String displayName = "";

        @Override
        public Integer call() {
            return changeAccounts(data, "user name", accounts -> {
                accounts.setDisplayName(name, Optional.of(displayName), "cli");
                return name + ": " + (displayName.isBlank() ? "(氏名なし / no name)" : displayName.strip());
            });
        }
    }

    /** {@code kakehashi user notices NAME --email ADDRESS [--off]}: where a person's mail notices go. */
    @Command(name = "notices", description = "Set where an account's mail notices go (--email), or stop them (--off).")
    static final class Notices implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "NAME")
        String name = "";

        @Option(names = "--email", paramLabel = "ADDRESS", description = "empty for none")
        @Nullable
        String email;

        @Option(names = "--off", description = "keep the address but send no notices")
        boolean off;

        @Option(names = "--daily", description = "one mail each morning with the day's notices")
        boolean daily;

        @Override
        public Integer call() {
            return changeAccounts(data, "user notices", accounts -> {
                Contact now = accounts.contact(name);
                Contact.Frequency frequency =
                        off ? Contact.Frequency.OFF : daily ? Contact.Frequency.DAILY : Contact.Frequency.IMMEDIATELY;
                Contact wanted = new Contact(email == null ? now.email() : Optional.of(email), frequency);
                accounts.setContact(name, wanted, "cli");
                return name + ": " + wanted.email().orElse("(メールアドレスなし / no address)") + " (" + frequency.word() + ")";
            });
        }
    }

    /**
     * {@code kakehashi user reset NAME}: the console's way to give a person back their sign-in
     * (a lost phone, a forgotten password). For administrators, officers and approvers it is the
     * only way: the portal refuses, so that one administrator cannot sign in as another person.
     * The password link is printed here, for the operator to hand to its holder; every session
     * and API token of the account ends, and its lock-out is lifted.
     */
    @Command(name = "reset", description = "Reset an account's password (prints a one-time link) and/or authenticator.")
    static final class Reset implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "NAME")
        String name = "";

        @Option(names = "--password", description = "Issue a one-time link (24 hours) to set a new password.")
        boolean password;

        @Option(names = "--totp", description = "Forget the authenticator; the next sign-in enrols a new one.")
        boolean totp;

        @Override
        public Integer call() {
            if (!password && !totp) {
                System.err.println("kakehashi user reset: give --password, --totp or both (どちらかを指定してください)");
                return 64;
            }
            SecureRandom random = new SecureRandom();
            Clock clock = Clock.systemUTC();
            ApplianceConfig config = data.load();
            DataDir dir = new DataDir(config.dataDir());
            try (Database db = Database.open(dir.database())) {
                Accounts accounts = new Accounts(db, new JdbcIdentityStore(), new PasswordHasher(random), clock);
                Optional<Account> account = accounts.find(name);
                if (account.isEmpty()) {
                    System.err.println("kakehashi user reset: there is no account '" + name + "' (アカウントがありません)");
                    return 64;
                }
                if (totp) {
                    MasterKey master = MasterKey.loadFor(db, dir.masterKey());
                    new SecondFactors(db, new JdbcIdentityStore(), new Sealer(master, random), clock)
                            .reset(name, "cli");
                    System.out.println(name + ": 認証アプリを初期化しました。次回ログイン時に登録します / authenticator reset");
                }
                if (password) {
                    PasswordLinks.Issued link = new PasswordLinks(db, new JdbcIdentityStore(), accounts, random, clock)
                            .issue(name, PasswordLinks.Purpose.RESET, "cli");
                    ApplianceConfig.Listener l = config.listener(account.get().zone());
                    System.out.println(name + ": パスワード再設定用リンク（本人に渡してください） / password link for its holder:");
                    System.out.println(
                            PortalAdministration.baseUrl(l.address(), l.httpsPort()) + "/password/" + link.token());
                    System.out.println("有効期限 / valid until: " + jp.kakehashi.web.pages.Format.time(link.expiresAt()));
                }
                appendNowIfIdle(dir, db, random);
                return 0;
            }
        }
    }
}
