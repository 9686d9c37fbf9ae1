package jp.kakehashi.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.kakehashi.web.port.AccountView;
import jp.kakehashi.web.port.Accounts;
import jp.kakehashi.web.port.Administration;
import jp.kakehashi.web.port.ApiTokenView;
import jp.kakehashi.web.port.ApiTokens;
import jp.kakehashi.web.port.ApprovalView;
import jp.kakehashi.web.port.Approvals;
import jp.kakehashi.web.port.AuditEntry;
import jp.kakehashi.web.port.AuditPage;
import jp.kakehashi.web.port.AuditQuery;
import jp.kakehashi.web.port.AuditRecords;
import jp.kakehashi.web.port.AuditTrail;
import jp.kakehashi.web.port.DepartmentView;
import jp.kakehashi.web.port.Destination;
import jp.kakehashi.web.port.Download;
import jp.kakehashi.web.port.Health;
import jp.kakehashi.web.port.Issuance;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.NewAccount;
import jp.kakehashi.web.port.Note;
import jp.kakehashi.web.port.NoticeSettings;
import jp.kakehashi.web.port.OrganisationView;
import jp.kakehashi.web.port.OriginalRequests;
import jp.kakehashi.web.port.OriginalView;
import jp.kakehashi.web.port.PolicyAdministration;
import jp.kakehashi.web.port.PolicyText;
import jp.kakehashi.web.port.PolicyVersionView;
import jp.kakehashi.web.port.Proposal;
import jp.kakehashi.web.port.QuarantineReview;
import jp.kakehashi.web.port.Report;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.Search;
import jp.kakehashi.web.port.Stage;
import jp.kakehashi.web.port.Statistics;
import jp.kakehashi.web.port.StoppedView;
import jp.kakehashi.web.port.Transfers;
import jp.kakehashi.web.port.Unlocking;
import jp.kakehashi.web.port.Upload;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;
import org.jspecify.annotations.Nullable;

/**
 * The web module's ports over plain in-memory values, for testing the portals without the
 * appliance (the appliance's own implementations are tested in its PortalIT).
 */
final class MemoryPorts
        implements Accounts,
                AuditTrail,
                Transfers,
                Approvals,
                AuditRecords,
                Statistics,
                QuarantineReview,
                Administration,
                ApiTokens,
                OriginalRequests,
                Search,
                Unlocking,
                PolicyAdministration {
    record Entry(String password, User user) {}

    final Map<String, Entry> accounts = new ConcurrentHashMap<>();
    /** Enrolled authenticators, base32, by account. */
    final Map<String, String> secrets = new ConcurrentHashMap<>();
    /** The last TOTP step each account used. */
    final Map<String, Long> lastStep = new ConcurrentHashMap<>();
    /** Failed sign-ins in a row, by zone and name, and by address, each with its time (they count for 15 minutes). */
    final Map<String, List<java.time.Instant>> failures = new ConcurrentHashMap<>();
    /** Accounts that may sign in with a password alone (the appliance's staff relaxation). */
    final java.util.Set<String> passwordOnly = ConcurrentHashMap.newKeySet();
    /** The one source an administrator may act from, as the appliance's management range; empty: any. */
    volatile String adminOnlyFrom = "";

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<ItemView> items = Collections.synchronizedList(new ArrayList<>());
    final Map<String, byte[]> contents = new ConcurrentHashMap<>();
    final List<ApprovalView> approvals = Collections.synchronizedList(new ArrayList<>());
    /** Who may decide each approval request (by id). */
    final Map<Long, String> approverOf = new ConcurrentHashMap<>();

    final List<String> decisions = Collections.synchronizedList(new ArrayList<>());
    final List<AuditEntry> auditEntries = Collections.synchronizedList(new ArrayList<>());
    volatile @Nullable AuditQuery lastQuery;
    /** Releases of stopped items by id: who took the original out and why. */
    final Map<String, List<StoppedView.Release>> releases = new ConcurrentHashMap<>();

    /** Open password links: token to account. */
    final Map<String, String> links = new ConcurrentHashMap<>();

    /** API tokens: text to (owner, entry). */
    final Map<String, Map.Entry<String, ApiTokenView>> tokens = new ConcurrentHashMap<>();

    final List<OriginalView> originalRequests = Collections.synchronizedList(new ArrayList<>());
    /** The password that opens each held item, by id. */
    final Map<String, String> lockedWith = new ConcurrentHashMap<>();

    /** Policy versions, oldest first; a text lints clean when it starts with "version: 1". */
    final List<PolicyVersionView> policyVersions = Collections.synchronizedList(new ArrayList<>());

    volatile String configuredPolicy = "version: 1\nrules: []\n";

    final List<String> reportsAsked = Collections.synchronizedList(new ArrayList<>());
    private final Clock clock;

    MemoryPorts(Clock clock) {
        this.clock = clock;
    }

    Ports ports() {
        return new Ports(this, this, this, this, this, this, this, this, this, this, this, this, this, new NoFolders());
    }

    User add(String name, Role role, String org) {
        User u = new User(name, role, org, 0, "");
        accounts.put(name, new Entry("correct horse battery", u));
        return u;
    }

    @Override
    public PasswordCheck checkPassword(String name, char[] password, Zone zone) {
        Entry e = accounts.get(name);
        if (directoryDown && inDirectory.contains(name)) {
            return new PasswordCheck.DirectoryUnreachable();
        }
        if (e == null
                || !e.password().equals(new String(password))
                || e.user().role().zone() != zone) {
            return new PasswordCheck.Rejected();
        }
        return new PasswordCheck.Accepted(e.user());
    }

    @Override
    public Optional<User> current(String name) {
        return Optional.ofNullable(accounts.get(name)).map(Entry::user).filter(u -> !disabled.contains(u.name()));
    }

    @Override
    public Gate gate(String name, Zone zone, String source) {
        if (recentFailures("source:" + source) >= 30) {
            return Gate.SOURCE_THROTTLED;
        }
        return recentFailures(zone.word() + ":" + name) >= 5 ? Gate.ACCOUNT_LOCKED : Gate.OPEN;
    }

    private long recentFailures(String key) {
        java.time.Instant since = clock.instant().minus(java.time.Duration.ofMinutes(15));
        return failures.getOrDefault(key, List.of()).stream()
                .filter(t -> t.isAfter(since))
                .count();
    }

    @Override
    public void signInFailed(String name, Zone zone, String source) {
        for (String key : List.of(zone.word() + ":" + name, "source:" + source)) {
            failures.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(clock.instant());
        }
        events.add("failed " + name + " " + zone.word());
    }

    @Override
    public void signInSucceeded(String name, Zone zone) {
        failures.remove(zone.word() + ":" + name);
    }

    @Override
    public boolean admitsFrom(User user, String source) {
        return user.role() != Role.ADMIN || adminOnlyFrom.isEmpty() || adminOnlyFrom.equals(source);
    }

    @Override
    public boolean secondFactorRequired(User user) {
        return !passwordOnly.contains(user.name());
    }

    /** Accounts whose password is the directory's. */
    final java.util.Set<String> inDirectory = ConcurrentHashMap.newKeySet();

    /** Whether the directory is down, as the sign-in page is told. */
    volatile boolean directoryDown;

    @Override
    public boolean directoryUnavailable() {
        return directoryDown;
    }

    @Override
    public boolean passwordInDirectory(String name) {
        return inDirectory.contains(name);
    }

    @Override
    public boolean totpEnrolled(String name) {
        return secrets.containsKey(name);
    }

    @Override
    public boolean verifyTotp(String name, String code) {
        String secret = secrets.get(name);
        return secret != null && claim(name, secret, code);
    }

    private boolean claim(String name, String secret, String code) {
        long now = clock.instant().getEpochSecond() / 30;
        for (long step = now - 1; step <= now + 1; step++) {
            if (Phone.code(secret, step).equals(code) && step > lastStep.getOrDefault(name, -1L)) {
                lastStep.put(name, step);
                return true;
            }
        }
        return false;
    }

    @Override
    public String newTotpSecret() {
        return "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    }

    @Override
    public String totpUri(String name, String secretBase32) {
        return "otpauth://totp/Kakehashi:" + name + "?secret=" + secretBase32;
    }

    @Override
    public boolean enrolTotp(String name, String secretBase32, String code) {
        if (!claim(name, secretBase32, code)) {
            return false;
        }
        secrets.put(name, secretBase32);
        events.add("enrolled " + name);
        return true;
    }

    @Override
    public void signedIn(User user, Zone zone, String source) {
        events.add("signed-in " + user.name() + " " + zone.word());
    }

    @Override
    public void signInRefused(String name, Zone zone, String source, String why) {
        events.add("refused " + name + " " + zone.word() + " " + why);
    }

    @Override
    public void accessRefused(
            String actor, Zone zone, String source, String method, String path, int status, String why) {
        events.add(
                "access-refused " + actor + " " + zone.word() + " " + method + " " + path + " " + status + " " + why);
    }

    @Override
    public void signedOut(User user, Zone zone, String why) {
        events.add("signed-out " + user.name() + " " + why);
    }

    @Override
    public List<Destination> destinations(User user) {
        return user.role() == Role.PARTNER ? List.of(new Destination("city", "市役所", "City")) : List.of();
    }

    /** Bytes the store may still take: an upload past it is stopped as the appliance's reserve would stop it. */
    volatile long diskLeft = Long.MAX_VALUE;

    @Override
    public Upload.Start startUpload(User user, String destination, String name, Note note) {
        if (!destination.equals("city") || user.role() != Role.PARTNER) {
            return new Upload.Start.Refused("DESTINATION_NOT_ALLOWED", "送れません", "not allowed");
        }
        if (name.contains("/")) {
            return new Upload.Start.Refused("NAME_INVALID", "名前が不正", "bad name");
        }
        if (diskLeft <= 0) {
            return new Upload.Start.Refused("DISK_FULL", "空き容量が不足しています", "the disk is full");
        }
        if (!note.isEmpty()) {
            events.add("note " + name + ": " + note.subject() + " / " + note.message());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        return new Upload.Start.Ready(new Upload() {
            @Override
            public void write(byte[] b, int offset, int length) throws java.io.IOException {
                if (bytes.size() + length > diskLeft) {
                    throw new Upload.Stopped("DISK_FULL", "空き容量が不足しています", "the disk is full");
                }
                bytes.write(b, offset, length);
            }

            @Override
            public long written() {
                return bytes.size();
            }

            @Override
            public ItemView commit() {
                String id = String.format("%024x", items.size() + 1);
                ItemView v = item(id, name, user, Stage.RECEIVED);
                items.add(v);
                contents.put(id, bytes.toByteArray());
                return v;
            }

            @Override
            public void abort() {
                events.add("aborted " + name);
            }
        });
    }

    ItemView item(String id, String name, User sender, Stage stage) {
        return new ItemView(
                id,
                name,
                sender.name(),
                sender.organisation(),
                Zone.INTERNET,
                Zone.LGWAN,
                0,
                stage,
                Optional.empty(),
                "",
                "",
                List.of(),
                name,
                clock.instant(),
                clock.instant(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                ItemView.Party.named(sender.name() + "（" + sender.organisation() + "）"),
                new ItemView.Party("市役所", "The city"),
                Note.NONE);
    }

    /** Makes {@link #sent} fail, as a broken store would. */
    volatile boolean storeBroken;

    @Override
    public List<ItemView> sent(User user) {
        if (storeBroken) {
            throw new IllegalStateException("disk /var/lib/kakehashi/secret-path is on fire");
        }
        return items.stream().filter(i -> i.sender().equals(user.name())).toList();
    }

    @Override
    public List<ItemView> received(User user) {
        return user.role() == Role.STAFF
                ? items.stream().filter(i -> i.stage() == Stage.DELIVERED).toList()
                : List.of();
    }

    @Override
    public Optional<ItemView> item(User user, String id) {
        return items.stream()
                .filter(i -> i.id().equals(id))
                .filter(i -> i.sender().equals(user.name()) || received(user).contains(i))
                .findFirst();
    }

    @Override
    public Optional<Download> download(User user, String id) {
        return received(user).stream()
                .filter(i -> i.id().equals(id))
                .findFirst()
                .map(i -> new Download(
                        i.deliveredAs(),
                        contents.getOrDefault(id, new byte[0]).length,
                        "item-" + id,
                        offset -> from(contents.getOrDefault(id, new byte[0]), offset)));
    }

    ApprovalView approval(long id, ItemView item, String approver) {
        ApprovalView a = new ApprovalView(
                id,
                item,
                "上長の承認",
                "Supervisor's approval",
                "outbound-documents",
                "ab".repeat(32),
                List.of("個人番号らしき番号: 1234********"),
                0,
                1,
                false,
                clock.instant(),
                clock.instant().plusSeconds(86_400),
                clock.instant().plusSeconds(2 * 86_400));
        approvals.add(a);
        approverOf.put(id, approver);
        return a;
    }

    @Override
    public List<ApprovalView> queue(User user) {
        return approvals.stream()
                .filter(a -> user.name().equals(approverOf.get(a.id())))
                .toList();
    }

    @Override
    public Optional<ApprovalView> request(User user, long id) {
        return queue(user).stream().filter(a -> a.id() == id).findFirst();
    }

    @Override
    public Optional<Download> review(User user, long id) {
        return request(user, id)
                .map(a ->
                        new Download(a.item().deliveredAs(), 4, "original", offset -> from("test".getBytes(), offset)));
    }

    @Override
    public Verdict approve(User user, long id, String reviewedSha256, String comment) {
        ApprovalView a = request(user, id).orElseThrow();
        if (!a.sha256().equals(reviewedSha256)) {
            return new Verdict.Refused("CHANGED_SINCE_REVIEW", "確認したファイルと現在のファイルが一致しません", "not the file you reviewed");
        }
        approvals.remove(a);
        decidedBy
                .computeIfAbsent(user.name(), k -> Collections.synchronizedList(new ArrayList<>()))
                .add(0, new Approvals.Decided(a, true, comment, clock.instant(), "承認済", "Approved"));
        decisions.add("approved " + id + " by " + user.name() + ": " + comment);
        return new Verdict.Accepted(true);
    }

    @Override
    public Verdict reject(User user, long id, String comment) {
        if (comment.isBlank()) {
            return new Verdict.Refused("COMMENT_REQUIRED", "却下の理由を書いてください", "a rejection needs a comment");
        }
        ApprovalView a = request(user, id).orElseThrow();
        approvals.remove(a);
        decidedBy
                .computeIfAbsent(user.name(), k -> Collections.synchronizedList(new ArrayList<>()))
                .add(0, new Approvals.Decided(a, false, comment, clock.instant(), "却下", "Rejected"));
        decisions.add("rejected " + id + " by " + user.name() + ": " + comment);
        return new Verdict.Accepted(true);
    }

    /** What each approver decided, newest first. */
    final Map<String, List<Approvals.Decided>> decidedBy = new ConcurrentHashMap<>();

    @Override
    public List<Approvals.Decided> decided(User user) {
        return List.copyOf(decidedBy.getOrDefault(user.name(), List.of()));
    }

    @Override
    public AuditPage search(AuditQuery query) {
        lastQuery = query;
        List<AuditEntry> found = auditEntries.stream()
                .filter(e -> query.type().isEmpty() || e.type().equals(query.type()))
                .limit(query.limit())
                .toList();
        return new AuditPage(found, auditEntries.size(), false);
    }

    @Override
    public List<jp.kakehashi.web.port.AuditKind> kinds() {
        return List.of(
                new jp.kakehashi.web.port.AuditKind("ITEM_BLOCKED", "ファイルの遮断", "File blocked"),
                new jp.kakehashi.web.port.AuditKind("AUTH_FAILURE", "サインイン失敗", "Sign-in refused"));
    }

    @Override
    public Optional<Search.Result.Refused> refusal(String words) {
        return words.startsWith("*")
                ? Optional.of(new Search.Result.Refused("「*」は語の終わりにだけ使えます", "'*' is allowed only at the end of a word"))
                : Optional.empty();
    }

    /** Three files a day in, one out; two stopped for malware and one for a macro, whatever the span. */
    @Override
    public Report report(java.time.LocalDate from, java.time.LocalDate to) {
        reportsAsked.add(from + ".." + to);
        List<Report.Day> days = new ArrayList<>();
        for (java.time.LocalDate d : from.datesUntil(to.plusDays(1)).toList()) {
            days.add(new Report.Day(d, Report.Direction.INBOUND, 3));
            days.add(new Report.Day(d, Report.Direction.OUTBOUND, 1));
        }
        long n = days.size() / 2;
        return new Report(
                from,
                to,
                days,
                List.of(
                        new Report.Flow(Report.Direction.INBOUND, 3 * n, 3 * n - 3, 3, 0),
                        new Report.Flow(Report.Direction.OUTBOUND, n, n, 0, 0),
                        new Report.Flow(Report.Direction.TO_MYNUMBER, 0, 0, 0, 0)),
                List.of(
                        new Report.Reason("MALWARE", "マルウェアが検出されました", "malware was found", 2),
                        new Report.Reason("MACRO_IN_DOCUMENT", "<マクロ>", "<macro>", 1)),
                Optional.of(java.time.Duration.ofSeconds(95)),
                Optional.of(java.time.Duration.ofMinutes(75)),
                new Report.Approvals(4, 1, 0, 2));
    }

    @Override
    public List<StoppedView> stopped(User officer) {
        return items.stream()
                .filter(i -> i.stage() == Stage.QUARANTINED || i.stage() == Stage.BLOCKED)
                .map(i -> stoppedView(officer, i))
                .toList();
    }

    @Override
    public Optional<StoppedView> stoppedItem(User officer, String id) {
        return stopped(officer).stream().filter(s -> s.item().id().equals(id)).findFirst();
    }

    @Override
    public Verdict release(User officer, String id, String reason) {
        if (reason.isBlank()) {
            return new Verdict.Refused("REASON_REQUIRED", "原本を取り出す理由を書いてください", "say why");
        }
        releases.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new StoppedView.Release(
                        officer.name(), reason, clock.instant(), clock.instant().plusSeconds(86_400)));
        return new Verdict.Accepted(true);
    }

    @Override
    public Optional<Download> original(User officer, String id) {
        return stoppedItem(officer, id)
                .filter(s -> s.downloadableUntil().isPresent())
                .map(s -> new Download(
                        s.item().name() + ".quarantine",
                        contents.getOrDefault(id, new byte[0]).length,
                        "quarantine-" + id,
                        offset -> from(contents.getOrDefault(id, new byte[0]), offset)));
    }

    private StoppedView stoppedView(User officer, ItemView i) {
        List<StoppedView.Release> taken = releases.getOrDefault(i.id(), List.of());
        Optional<java.time.Instant> until = taken.stream()
                .filter(r -> r.officer().equals(officer.name()))
                .map(StoppedView.Release::until)
                .reduce((a, b) -> b);
        return new StoppedView(i, "ef".repeat(32), "application/x-msdownload", true, taken, until);
    }

    @Override
    public Optional<String> passwordLink(String token, Zone zone) {
        return Optional.ofNullable(links.get(token))
                .filter(name -> accounts.containsKey(name)
                        && accounts.get(name).user().role().zone() == zone);
    }

    @Override
    public Verdict setPassword(String token, Zone zone, char[] password) {
        Optional<String> name = passwordLink(token, zone);
        if (name.isEmpty()) {
            return new Verdict.Refused("LINK_INVALID", "このリンクは使えません", "This link cannot be used");
        }
        if (password.length < 12) {
            return new Verdict.Refused("TOO_SHORT", "パスワードは 12 文字以上にしてください", "use at least 12 characters");
        }
        links.remove(token);
        User u = accounts.get(name.get()).user();
        accounts.put(name.get(), new Entry(new String(password), u));
        events.add("password set " + name.get());
        return new Verdict.Accepted(true);
    }

    @Override
    public Verdict changePassword(User user, Zone zone, String source, char[] current, char[] next) {
        Entry e = accounts.get(user.name());
        if (!e.password().equals(new String(current))) {
            signInFailed(user.name(), zone, source);
            return new Verdict.Refused("WRONG_PASSWORD", "今のパスワードが違います。", "The current password is not right.");
        }
        if (next.length < 12) {
            return new Verdict.Refused("TOO_SHORT", "パスワードは 12 文字以上にしてください", "use at least 12 characters");
        }
        accounts.put(user.name(), new Entry(new String(next), e.user()));
        events.add("password changed " + user.name());
        return new Verdict.Accepted(true);
    }

    @Override
    public Verdict replaceTotp(
            User user, Zone zone, String source, String currentCode, String secretBase32, String newCode) {
        if (secrets.containsKey(user.name()) && !verifyTotp(user.name(), currentCode)) {
            signInFailed(user.name(), zone, source);
            return new Verdict.Refused("WRONG_CODE", "今の認証アプリの確認コードが正しくありません。", "wrong current code");
        }
        if (!newCode.equals(Phone.code(secretBase32, clock))) {
            return new Verdict.Refused("WRONG_NEW_CODE", "新しい認証アプリの確認コードが正しくありません。", "wrong new code");
        }
        secrets.put(user.name(), secretBase32);
        events.add("totp replaced " + user.name());
        return new Verdict.Accepted(true);
    }

    /** Disabled accounts, by name. */
    final java.util.Set<String> disabled = ConcurrentHashMap.newKeySet();

    @Override
    public List<AccountView> accounts() {
        return accounts.values().stream()
                .map(e -> accountView(e.user()))
                .sorted(java.util.Comparator.comparing(AccountView::name))
                .toList();
    }

    @Override
    public Optional<AccountView> account(String name) {
        return Optional.ofNullable(accounts.get(name)).map(e -> accountView(e.user()));
    }

    @Override
    public Issuance invite(User admin, NewAccount a) {
        if (accounts.containsKey(a.name())) {
            return new Issuance.Refused("NAME_TAKEN", "このアカウント名は既に使われています", "the name is taken");
        }
        add(a.name(), a.role(), a.organisation());
        if (!a.displayName().isEmpty()) {
            displayNames.put(a.name(), a.displayName());
        }
        if (!a.email().isEmpty()) {
            notices.put(a.name(), new NoticeSettings(a.email(), "immediately"));
        }
        return issue(a.name());
    }

    @Override
    public Issuance resetPassword(User admin, String name) {
        return issue(name);
    }

    private Issuance issue(String name) {
        String token = "t".repeat(42) + links.size();
        links.put(token, name);
        events.add("link " + name);
        return new Issuance.Issued(
                name,
                "https://127.0.0.1/password/" + token,
                clock.instant().plusSeconds(86_400),
                Optional.ofNullable(notices.get(name))
                        .map(NoticeSettings::email)
                        .orElse(""));
    }

    @Override
    public Verdict setEnabled(User admin, String name, boolean enabled) {
        if (admin.name().equals(name)) {
            return new Verdict.Refused("OWN_ACCOUNT", "自分のアカウントは無効にできません", "not your own account");
        }
        if (enabled) {
            disabled.remove(name);
        } else {
            disabled.add(name);
        }
        events.add((enabled ? "enabled " : "disabled ") + name);
        return new Verdict.Accepted(true);
    }

    @Override
    public Verdict resetSecondFactor(User admin, String name) {
        secrets.remove(name);
        events.add("totp reset " + name);
        return new Verdict.Accepted(true);
    }

    @Override
    public List<jp.kakehashi.web.port.SignInView> recentSignIns(String name) {
        return List.of(new jp.kakehashi.web.port.SignInView(
                clock.instant(), accounts.get(name).user().role().zone(), "https", "127.0.0.1"));
    }

    /** Each account's unused recovery codes. */
    final Map<String, List<String>> recoveryCodes = new ConcurrentHashMap<>();

    @Override
    public List<String> issueRecoveryCodes(User user) {
        if (!secrets.containsKey(user.name())) {
            return List.of();
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            codes.add("ABCDE-FGHJ" + "KMNPQRSTUV".charAt(i));
        }
        recoveryCodes.put(user.name(), codes);
        events.add("recovery codes " + user.name());
        return codes;
    }

    @Override
    public int recoveryCodesLeft(String name) {
        return recoveryCodes.getOrDefault(name, List.of()).size();
    }

    /** Each account's notice settings, as its account page sets them. */
    final Map<String, NoticeSettings> notices = new ConcurrentHashMap<>();

    @Override
    public NoticeSettings notices(String name) {
        return notices.getOrDefault(name, new NoticeSettings("", "immediately"));
    }

    @Override
    public Verdict setNotices(User user, NoticeSettings settings) {
        if (!settings.frequency().matches("immediately|daily|off")) {
            return new Verdict.Refused("BAD_FREQUENCY", "頻度を選んでください", "choose how often");
        }
        if (!settings.email().isEmpty() && !settings.email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            return new Verdict.Refused("BAD_EMAIL", "メールアドレスの形式が正しくありません", "not a mail address");
        }
        notices.put(user.name(), settings);
        events.add("notices " + user.name() + " " + settings.email() + " " + settings.frequency());
        return new Verdict.Accepted(true);
    }

    /** The departments, by id, as the administrators' page changes them. */
    final Map<String, DepartmentView> departments = new java.util.TreeMap<>();

    @Override
    public List<DepartmentView> departments() {
        return List.copyOf(departments.values());
    }

    /** 団体名 given on the departments page, by organisation id. */
    final Map<String, String> organisationNames = new ConcurrentHashMap<>();

    @Override
    public List<OrganisationView> partnerOrganisations() {
        return accounts.values().stream()
                .map(MemoryPorts.Entry::user)
                .filter(u -> u.role() == Role.PARTNER)
                .map(User::organisation)
                .distinct()
                .sorted()
                .map(o -> new OrganisationView(o, organisationNames.getOrDefault(o, o)))
                .toList();
    }

    @Override
    public Verdict nameOrganisation(User admin, String organisation, String name) {
        if (name.isBlank()) {
            return new Verdict.Refused("BAD_NAME", "名前を入力してください", "give a name");
        }
        organisationNames.put(organisation, name.strip());
        return new Verdict.Accepted(true);
    }

    @Override
    public Verdict addDepartment(User admin, String id, String name) {
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}") || name.isBlank() || departments.containsKey(id)) {
            return new Verdict.Refused("INVALID_DEPARTMENT", "課のIDか名前が正しくありません", "bad department id or name");
        }
        departments.put(id, new DepartmentView(id, name.strip(), false, List.of()));
        events.add("department " + id);
        return new Verdict.Accepted(true);
    }

    @Override
    public Verdict linkPartner(User admin, String department, String organisation, boolean linked) {
        DepartmentView d = departments.get(department);
        if (d == null) {
            return new Verdict.Refused("NO_SUCH_DEPARTMENT", "課がありません", "no such department");
        }
        java.util.TreeSet<String> partners = new java.util.TreeSet<>(d.partners());
        if (linked) {
            partners.add(organisation);
        } else {
            partners.remove(organisation);
        }
        departments.put(department, new DepartmentView(d.id(), d.name(), d.reception(), List.copyOf(partners)));
        return new Verdict.Accepted(true);
    }

    @Override
    public Verdict makeReception(User admin, String department) {
        if (!departments.containsKey(department)) {
            return new Verdict.Refused("NO_SUCH_DEPARTMENT", "課がありません", "no such department");
        }
        departments.replaceAll((id, d) -> new DepartmentView(id, d.name(), id.equals(department), d.partners()));
        return new Verdict.Accepted(true);
    }

    /** The scheduled backups' state the health page shows; a test sets it. */
    public volatile jp.kakehashi.web.port.BackupHealth backup = jp.kakehashi.web.port.BackupHealth.NONE;

    @Override
    public Health health() {
        return new Health(
                false,
                "unix:/run/clamav/clamd.ctl",
                "",
                Optional.empty(),
                1L << 30,
                100L << 30,
                7,
                0,
                backup,
                clock.instant());
    }

    private AccountView accountView(User u) {
        return new AccountView(
                u.name(),
                u.role(),
                u.organisation(),
                List.of(),
                disabled.contains(u.name()),
                true,
                0,
                secrets.containsKey(u.name()),
                Optional.empty(),
                clock.instant(),
                displayNames.getOrDefault(u.name(), ""));
    }

    /** 氏名 given at invitation, by account. */
    final Map<String, String> displayNames = new ConcurrentHashMap<>();

    @Override
    public Optional<User> user(String token, Zone zone) {
        return Optional.ofNullable(tokens.get(token))
                .filter(e -> e.getValue().usableAt(clock.instant()))
                .flatMap(e -> current(e.getKey()))
                .filter(u -> u.role().zone() == zone);
    }

    @Override
    public List<ApiTokenView> tokens(User user) {
        return tokens.values().stream()
                .filter(e -> e.getKey().equals(user.name()))
                .map(Map.Entry::getValue)
                .toList();
    }

    @Override
    public Created create(User user, String label, java.time.Duration lifetime) {
        String token = "kk_" + user.name() + "_" + tokens.size();
        ApiTokenView view = new ApiTokenView(
                tokens.size() + 1L, label, clock.instant(), clock.instant().plus(lifetime), Optional.empty(), false);
        tokens.put(token, Map.entry(user.name(), view));
        return new Created(token, view);
    }

    @Override
    public boolean revoke(User user, long id) {
        for (Map.Entry<String, Map.Entry<String, ApiTokenView>> e : tokens.entrySet()) {
            ApiTokenView v = e.getValue().getValue();
            if (e.getValue().getKey().equals(user.name()) && v.id() == id && !v.revoked()) {
                e.setValue(Map.entry(
                        user.name(),
                        new ApiTokenView(v.id(), v.label(), v.createdAt(), v.expiresAt(), v.lastUsedAt(), true)));
                return true;
            }
        }
        return false;
    }

    /** A token for the named account, as its owner would make on the tokens page. */
    String tokenFor(String name) {
        return create(current(name).orElseThrow(), "test", java.time.Duration.ofDays(1))
                .token();
    }

    @Override
    public List<OriginalView> requests(User user) {
        return originalRequests.stream()
                .filter(r -> user.role() == Role.OFFICER || r.requester().equals(user.name()))
                .toList();
    }

    @Override
    public Verdict request(User user, String itemId, String reason) {
        if (reason.isBlank()) {
            return new Verdict.Refused("REASON_REQUIRED", "原本が必要な理由を書いてください", "say why you need the original");
        }
        originalRequests.add(new OriginalView(
                originalRequests.size() + 1L,
                itemId,
                "見積書.docm",
                user.name(),
                reason,
                "取り出し可",
                "available",
                true,
                clock.instant(),
                Optional.of(clock.instant().plusSeconds(3600)),
                "",
                ""));
        return new Verdict.Accepted(true);
    }

    @Override
    public Optional<Download> original(User user, long requestId) {
        return requests(user).stream()
                .filter(r ->
                        r.id() == requestId && r.available() && r.requester().equals(user.name()))
                .findFirst()
                .map(r -> new Download(r.name(), 2, "review", offset -> from("PK".getBytes(), offset)));
    }

    /** Names containing every word, among the files the user receives. */
    @Override
    public Search.Result search(User user, String query) {
        if (query.length() > 200) {
            return new Search.Result.Refused("検索語は200文字以内にしてください", "at most 200 characters");
        }
        String[] words = query.split("\\s+");
        return new Search.Result.Hits(received(user).stream()
                .filter(i ->
                        java.util.Arrays.stream(words).allMatch(w -> i.name().contains(w)))
                .toList());
    }

    @Override
    public boolean mayUnlock(User user, String itemId) {
        return lockedWith.containsKey(itemId) && item(user, itemId).isPresent();
    }

    @Override
    public Unlocking.Result unlock(User user, String itemId, char[] password) {
        if (!mayUnlock(user, itemId)) {
            return new Unlocking.Result.Refused("NOT_YOURS", "開けません", "not yours");
        }
        if (!lockedWith.get(itemId).equals(new String(password))) {
            events.add("wrong password " + itemId);
            return new Unlocking.Result.Refused("WRONG_PASSWORD", "パスワードが違います", "wrong password");
        }
        lockedWith.remove(itemId);
        ItemView held = item(user, itemId).orElseThrow();
        User sender = current(held.sender()).orElseThrow();
        ItemView opened = item("0000000000000000000000" + "ab", held.name(), sender, Stage.CHECKING);
        items.add(opened);
        return new Unlocking.Result.Opened(opened.id());
    }

    @Override
    public PolicyText inForce() {
        synchronized (policyVersions) {
            for (int i = policyVersions.size() - 1; i >= 0; i--) {
                PolicyVersionView v = policyVersions.get(i);
                if (v.state().equals("ACTIVE")) {
                    return new PolicyText(v.source(), v.text(), v.sha256(), Optional.of(v.id()), "");
                }
            }
        }
        return configuredFile();
    }

    @Override
    public PolicyText configuredFile() {
        return new PolicyText("policy.yaml", configuredPolicy, "0".repeat(64), Optional.empty(), "");
    }

    @Override
    public List<PolicyVersionView> versions() {
        List<PolicyVersionView> all = new ArrayList<>(policyVersions);
        Collections.reverse(all);
        return all;
    }

    @Override
    public Optional<PolicyVersionView> version(long id) {
        return policyVersions.stream().filter(v -> v.id() == id).findFirst();
    }

    @Override
    public Optional<String> lint(String text) {
        return text.startsWith("version: 1") ? Optional.empty() : Optional.of("portal.yaml:1:1: version: expected 1");
    }

    @Override
    public Proposal propose(User admin, String text, String reason) {
        if (reason.isBlank()) {
            return new Proposal.Refused("REASON_REQUIRED", "変更の理由を書いてください", "a proposal needs a reason", "");
        }
        Optional<String> broken = lint(text);
        if (broken.isPresent()) {
            return new Proposal.Refused("DOES_NOT_LINT", "ポリシーに誤りがあります", "the policy does not lint", broken.get());
        }
        long id = policyVersions.size() + 1;
        policyVersions.add(new PolicyVersionView(
                id,
                "portal.yaml",
                text,
                Integer.toHexString(text.hashCode()),
                reason,
                admin.name(),
                clock.instant(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "PROPOSED",
                "",
                List.of(
                        "@@ -1,1 +1,1 @@",
                        "-" + inForce().text().lines().findFirst().orElse(""),
                        "+" + text.lines().findFirst().orElse(""))));
        events.add("policy proposed " + id + " by " + admin.name());
        return new Proposal.Proposed(id);
    }

    @Override
    public Verdict confirm(User admin, long id, String sha256) {
        PolicyVersionView v = version(id).orElseThrow();
        if (v.proposedBy().equals(admin.name())) {
            return new Verdict.Refused("SAME_ADMINISTRATOR", "別の管理者が確認してください (二人の目)", "four eyes");
        }
        if (!v.sha256().equals(sha256)) {
            return new Verdict.Refused("CHANGED_SINCE_REVIEW", "確認した内容と一致しません", "changed since review");
        }
        policyVersions.replaceAll(p -> p.id() != id
                ? p
                : new PolicyVersionView(
                        p.id(),
                        p.source(),
                        p.text(),
                        p.sha256(),
                        p.reason(),
                        p.proposedBy(),
                        p.proposedAt(),
                        Optional.of(admin.name()),
                        Optional.of(clock.instant()),
                        Optional.of(clock.instant()),
                        "ACTIVE",
                        "",
                        p.changes()));
        events.add("policy confirmed " + id + " by " + admin.name());
        return new Verdict.Accepted(true);
    }

    /** The bytes from {@code offset} on, as a download's opener gives them. */
    private static ByteArrayInputStream from(byte[] bytes, long offset) {
        int at = (int) Math.min(offset, bytes.length);
        return new ByteArrayInputStream(bytes, at, bytes.length - at);
    }
}
