package jp.kakehashi.appliance.portal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.kakehashi.appliance.audit.AuditOutbox;
import jp.kakehashi.appliance.backup.BackupJob;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Contact;
import jp.kakehashi.appliance.identity.Departments;
import jp.kakehashi.appliance.identity.Names;
import jp.kakehashi.appliance.identity.PasswordLinks;
import jp.kakehashi.appliance.identity.SecondFactors;
import jp.kakehashi.appliance.item.Items;
import jp.kakehashi.appliance.notify.LinkMail;
import jp.kakehashi.appliance.store.Database;
import jp.kakehashi.policies.Policy;
import jp.kakehashi.sanitizer.ClamdClient;
import jp.kakehashi.web.port.AccountView;
import jp.kakehashi.web.port.Administration;
import jp.kakehashi.web.port.BackupHealth;
import jp.kakehashi.web.port.DepartmentView;
import jp.kakehashi.web.port.Health;
import jp.kakehashi.web.port.Issuance;
import jp.kakehashi.web.port.NewAccount;
import jp.kakehashi.web.port.OrganisationView;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/**
 * The administrators' pages over the account directory, the password links, the second factors
 * and the appliance's own parts. Each change is audited by the class that makes it, with the
 * administrator as actor.
 */
public final class PortalAdministration implements Administration {
    /** What the health page says of the scheduled backup. */
    public static BackupHealth backupHealth(BackupJob job) {
        BackupJob.Status s = job.status();
        return new BackupHealth(
                true,
                s.schedule().destination().display(),
                s.lastSuccess(),
                s.lastSnapshot(),
                s.bytes(),
                s.lastFailure());
    }

    /** How the rules word a refusal: "english (日本語)". */
    private static final Pattern BILINGUAL = Pattern.compile("(.+) \\((.+)\\)");

    private final Database db;
    private final Accounts accounts;
    private final Departments departments;
    private final PasswordLinks links;
    private final LinkMail linkMail;
    private final SecondFactors secondFactors;
    private final Items items;
    private final ClamdClient clamd;
    private final Path dataDir;
    private final Function<Zone, String> portalUrl;
    private final Supplier<Policy> policy;
    private final Supplier<BackupHealth> backup;
    private final Clock clock;

    /**
     * @param portalUrl the base address of each zone's portal ({@code https://host:port}), where
     *     a person opens their password link
     * @param policy the policy in force, whose approver patterns make an account privileged
     */
    public PortalAdministration(
            Database db,
            Accounts accounts,
            Departments departments,
            PasswordLinks links,
            LinkMail linkMail,
            SecondFactors secondFactors,
            Items items,
            ClamdClient clamd,
            Path dataDir,
            Function<Zone, String> portalUrl,
            Supplier<Policy> policy,
            Supplier<BackupHealth> backup,
            Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.departments = departments;
        this.links = links;
        this.linkMail = linkMail;
        this.secondFactors = secondFactors;
        this.items = items;
        this.clamd = clamd;
        this.dataDir = dataDir;
        this.portalUrl = portalUrl;
        this.policy = policy;
        this.backup = backup;
        this.clock = clock;
    }

    @Override
    public List<AccountView> accounts() {
        Set<String> enrolled = secondFactors.enrolled();
        return accounts.list().stream().map(l -> view(l, enrolled)).toList();
    }

    @Override
    public Optional<AccountView> account(String name) {
        return accounts().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    @Override
    public Issuance invite(User admin, NewAccount n) {
        if (!n.role().invitableFromPortal()) {
            return new Issuance.Refused(
                    "ROLE_CONSOLE_ONLY",
                    "情報セキュリティ責任者とシステム管理者のアカウントは、装置のコマンド（kakehashi user add）で作成してください",
                    "officer and administrator accounts are created at the appliance's console (kakehashi user add)");
        }
        if (approverPatterns(n.name(), n.organisation(), Set.copyOf(n.groups()))
                .findAny()
                .isPresent()) {
            return new Issuance.Refused(
                    "APPROVER_CONSOLE_ONLY",
                    "承認者となるグループ・組織への利用者の追加は、装置のコンソールで行ってください（kakehashi user add / user groups）",
                    "adding someone to a group or organisation that approves is done at the appliance's console"
                            + " (kakehashi user add / user groups)");
        }
        Account account;
        try {
            for (String g : n.groups()) {
                Account.checkGroup(g);
            }
            account = new Account(
                    n.name(),
                    jp.kakehashi.appliance.identity.Role.valueOf(n.role().name()),
                    n.organisation(),
                    List.of(),
                    false);
            if (!n.displayName().isBlank()) {
                Names.check(n.displayName());
            }
            Contact contact = new Contact(Optional.of(n.email()), Contact.Frequency.IMMEDIATELY);
            accounts.createInvited(account, admin.name());
            if (contact.email().isPresent()) {
                accounts.setContact(account.name(), contact, admin.name());
            }
            if (!n.displayName().isBlank()) {
                accounts.setDisplayName(account.name(), Optional.of(n.displayName()), admin.name());
            }
        } catch (IllegalArgumentException e) {
            return refused("INVALID_ACCOUNT", String.valueOf(e.getMessage()));
        }
        if (!n.groups().isEmpty()) {
            accounts.changeGroups(account.name(), new HashSet<>(n.groups()), Set.of(), admin.name());
        }
        return issue(account, PasswordLinks.Purpose.INVITE, admin);
    }

    @Override
    public Issuance resetPassword(User admin, String name) {
        Optional<Account> account = accounts.find(name);
        if (account.isEmpty()) {
            return refused("NO_SUCH_ACCOUNT", "there is no account '" + name + "' (アカウントがありません)");
        }
        Optional<Verdict.Refused> privileged = privileged(account.get(), admin);
        if (privileged.isPresent()) {
            return new Issuance.Refused(
                    privileged.get().code(),
                    privileged.get().ja(),
                    privileged.get().en());
        }
        return issue(account.get(), PasswordLinks.Purpose.RESET, admin);
    }

    private Issuance issue(Account account, PasswordLinks.Purpose purpose, User admin) {
        PasswordLinks.Issued link = links.issue(account.name(), purpose, admin.name());
        String url = portalUrl.apply(Zones.web(account.zone())) + "/password/" + link.token();
        boolean invitation = purpose == PasswordLinks.Purpose.INVITE;
        String mailed =
                linkMail.send(account.name(), url, link.expiresAt(), invitation).orElse("");
        return new Issuance.Issued(account.name(), url, link.expiresAt(), mailed);
    }

    @Override
    public Verdict setEnabled(User admin, String name, boolean enabled) {
        if (!enabled && admin.name().equals(name)) {
            return new Verdict.Refused(
                    "OWN_ACCOUNT",
                    "自分のアカウントは無効にできません（ほかのシステム管理者に依頼してください）",
                    "you cannot disable your own account (ask another administrator)");
        }
        Optional<Account> account = accounts.find(name);
        if (account.isEmpty()) {
            return new Verdict.Refused("NO_SUCH_ACCOUNT", "アカウントがありません", "there is no such account");
        }
        // Disabling a privileged account only takes power away; giving it back is the console's.
        if (enabled) {
            Optional<Verdict.Refused> privileged = privileged(account.get(), admin);
            if (privileged.isPresent()) {
                return privileged.get();
            }
        }
        accounts.setDisabled(name, !enabled, admin.name());
        return new Verdict.Accepted(true);
    }

    @Override
    public Verdict resetSecondFactor(User admin, String name) {
        Optional<Account> account = accounts.find(name);
        if (account.isEmpty()) {
            return new Verdict.Refused("NO_SUCH_ACCOUNT", "アカウントがありません", "there is no such account");
        }
        Optional<Verdict.Refused> privileged = privileged(account.get(), admin);
        if (privileged.isPresent()) {
            return privileged.get();
        }
        secondFactors.reset(name, admin.name());
        return new Verdict.Accepted(true);
    }

    /**
     * Why an administrator may not, from the portal, give back or reset the credentials of this
     * account: officers, administrators and approvers are where the four eyes of the product
     * live, so one administrator must not be able to sign in as them (ISSUE 21 §2). Their resets
     * are made at the console, where the link is handed to its holder; empty for anyone else.
     */
    private Optional<Verdict.Refused> privileged(Account account, User admin) {
        if (account.name().equals(admin.name())) {
            return Optional.of(new Verdict.Refused(
                    "OWN_ACCOUNT",
                    "自分のアカウントの資格情報は、ここでは変更できません（装置のコンソールで kakehashi user reset を使ってください）",
                    "you cannot change your own account's credentials here (use kakehashi user reset at the console)"));
        }
        jp.kakehashi.appliance.identity.Role role = account.role();
        boolean approver = approverPatterns(account.name(), account.organisation(), accounts.groups(account.name()))
                .findAny()
                .isPresent();
        if (role == jp.kakehashi.appliance.identity.Role.ADMIN
                || role == jp.kakehashi.appliance.identity.Role.OFFICER
                || approver) {
            return Optional.of(new Verdict.Refused(
                    "PRIVILEGED_CONSOLE_ONLY",
                    "システム管理者・情報セキュリティ責任者・承認者のパスワードと認証アプリは、装置のコンソールで再設定します（kakehashi user reset）。"
                            + "再設定用のリンクは本人に直接渡してください",
                    "the password and authenticator of administrators, security officers and approvers are reset at the"
                            + " appliance's console (kakehashi user reset), which hands the link to its holder"));
        }
        return Optional.empty();
    }

    /** The approver patterns of the policy in force that name this user, one of these groups, or this organisation. */
    private Stream<String> approverPatterns(String name, String organisation, Set<String> groups) {
        return policy.get().approverPatterns().stream()
                .filter(p -> p.equals("user:" + name)
                        || p.equals("org:" + organisation)
                        || groups.stream().anyMatch(g -> p.equals("group:" + g)));
    }

    @Override
    public Health health() {
        boolean reachable = clamd.ping();
        String version = "";
        if (reachable) {
            try {
                version = clamd.version();
            } catch (IOException e) {
                reachable = false;
            }
        }
        long free = 0;
        long total = 0;
        try {
            FileStore store = Files.getFileStore(dataDir);
            free = store.getUsableSpace();
            total = store.getTotalSpace();
        } catch (IOException e) {
            // Shown as 0 of 0: the page then says nothing about the disk rather than something wrong.
        }
        return new Health(
                reachable,
                clamd.address().toString(),
                version,
                ClamdClient.signaturesDate(version),
                free,
                total,
                items.unfinished(),
                AuditOutbox.backlog(db),
                backup.get(),
                clock.instant());
    }

    private AccountView view(Accounts.Listed l, Set<String> enrolled) {
        Account a = l.account();
        return new AccountView(
                a.name(),
                Role.valueOf(a.role().name()),
                a.organisation(),
                List.copyOf(l.groups()),
                a.disabled(),
                l.hasPassword(),
                a.sshKeys().size(),
                enrolled.contains(a.name()),
                links.openUntil(a.name()),
                l.createdAt(),
                accounts.displayName(a.name()).orElse(""));
    }

    @Override
    public List<DepartmentView> departments() {
        return departments.all().stream()
                .map(d -> new DepartmentView(d.id(), d.name(), d.reception(), List.copyOf(new TreeSet<>(d.partners()))))
                .toList();
    }

    @Override
    public List<OrganisationView> partnerOrganisations() {
        Map<String, String> named = accounts.organisationNames();
        return accounts.partnerOrganisations().stream()
                .map(o -> new OrganisationView(o, named.getOrDefault(o, o)))
                .toList();
    }

    @Override
    public Verdict nameOrganisation(User admin, String organisation, String name) {
        return department(() -> accounts.nameOrganisation(organisation, name, admin.name()));
    }

    @Override
    public Verdict addDepartment(User admin, String id, String name) {
        return department(() -> departments.add(id, name, admin.name()));
    }

    @Override
    public Verdict linkPartner(User admin, String department, String organisation, boolean linked) {
        return department(() -> {
            if (linked) {
                departments.link(department, organisation, admin.name());
            } else {
                departments.unlink(department, organisation, admin.name());
            }
        });
    }

    @Override
    public Verdict makeReception(User admin, String department) {
        return department(() -> departments.makeReception(department, admin.name()));
    }

    /** A change to the departments or partner names; its refusal carries the rule's words, "english (日本語)" split in two. */
    private static Verdict department(Runnable change) {
        try {
            change.run();
            return new Verdict.Accepted(true);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            Matcher m = BILINGUAL.matcher(message);
            return m.matches()
                    ? new Verdict.Refused("INVALID_DEPARTMENT", m.group(2), m.group(1))
                    : new Verdict.Refused("INVALID_DEPARTMENT", message, message);
        }
    }

    private static Issuance refused(String code, String message) {
        return new Issuance.Refused(code, message, message);
    }

    /** {@code https://address:port}, with IPv6 in brackets and a wildcard replaced by this host's name. */
    public static String baseUrl(String address, int port) {
        String host = address;
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            try {
                host = java.net.InetAddress.getLocalHost().getCanonicalHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "https://" + host + ":" + port;
    }
}
