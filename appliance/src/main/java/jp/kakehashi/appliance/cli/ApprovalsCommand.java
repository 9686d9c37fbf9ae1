package jp.kakehashi.appliance.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.approval.ApprovalRefused;
import jp.kakehashi.appliance.approval.ApprovalRequest;
import jp.kakehashi.appliance.approval.Delegation;
import jp.kakehashi.appliance.approval.Vote;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.sftp.Sizes;
import jp.kakehashi.appliance.store.BlobId;
import jp.kakehashi.appliance.store.EncryptedFileBlobStore;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kakehashi approvals}: the approval workflow (上長の決裁) on the command line, beside a
 * running appliance or without one, until the staff portal offers the same. Decisions are
 * audited and taken up by the running appliance within a second.
 *
 * <p>Refusals exit 2 with the reason in Japanese and English; usage errors exit 64.
 *
 * <p>Long because it is every approval subcommand (list, show, approve, reject, delegate) with its
 * usage and refusals.
 */
@Command(
        name = "approvals",
        description = "Approval requests (承認依頼): list, show, approve, reject, delegate.",
        subcommands = {
            ApprovalsCommand.ListRequests.class,
            ApprovalsCommand.Show.class,
            ApprovalsCommand.Approve.class,
            ApprovalsCommand.Reject.class,
            ApprovalsCommand.Delegate.class,
            ApprovalsCommand.Delegations.class,
            ApprovalsCommand.Revoke.class
        })
final class ApprovalsCommand implements Runnable {
    static final int REFUSED = 2;
    private static final ZoneId JST = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'JST'").withZone(JST);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "use: kakehashi approvals list|show|approve|reject|delegate|delegations|revoke");
    }

    @Command(name = "list", description = "Pending requests, or those one person may decide (--for).")
    static final class ListRequests implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--for", paramLabel = "USER", description = "Only the requests this account may decide.")
        @Nullable
        String forUser;

        @Option(names = "--json", description = "One JSON object: {\"requests\": [...]}.")
        boolean json;

        @Override
        public Integer call() {
            try (CliSession s = CliSession.open(data)) {
                String user = forUser;
                List<ApprovalRequest> requests =
                        user == null ? s.approvals().pending() : s.approvals().decidableBy(user);
                if (json) {
                    ObjectNode out = Json.object();
                    ArrayNode list = out.putArray("requests");
                    requests.forEach(r -> list.add(toJson(r, s.items().find(r.item()))));
                    Json.print(out);
                    return 0;
                }
                if (requests.isEmpty()) {
                    System.out.println("承認待ちの依頼はありません / no pending approval requests");
                }
                for (ApprovalRequest r : requests) {
                    Optional<TransferItem> item = s.items().find(r.item());
                    if (r.originalRequest().isPresent()) {
                        System.out.println(originalLine(r, item));
                        continue;
                    }
                    System.out.println("#" + r.id() + "  " + r.kind().japanese() + " ("
                            + r.kind().word() + ")"
                            + "  " + item.map(TransferItem::renditionName).orElse("?")
                            + "  "
                            + item.map(i -> Sizes.human(i.renditionSize())).orElse("")
                            + "  送信者 sender " + item.map(TransferItem::sender).orElse("?")
                            + " → "
                            + item.map(i -> i.flow().to().word() + "/" + i.organisation())
                                    .orElse("?")
                            + "  承認 " + r.approvals() + "/" + r.kind().approversNeeded()
                            + "  期限 due " + TIME.format(r.escalateAt())
                            + (r.escalated() ? " (期限超過・情報セキュリティ責任者へ回付 escalated)" : "")
                            + changesNote(r));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", description = "One request: the file, the rules, the findings and the votes.")
    static final class Show implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Option(
                names = "--save",
                paramLabel = "DIR",
                description = "Write the disarmed rendition to review into DIR (確認用の無害化済ファイル).")
        @Nullable
        Path save;

        @Override
        public Integer call() throws IOException {
            try (CliSession s = CliSession.open(data)) {
                Optional<ApprovalRequest> found = s.approvals().find(id);
                if (found.isEmpty()) {
                    return refused("show", new ApprovalRefused(ApprovalRefused.Reason.NO_SUCH_REQUEST, "#" + id));
                }
                ApprovalRequest r = found.get();
                Optional<TransferItem> item = s.items().find(r.item());
                ObjectNode out = toJson(r, item);
                Path dir = save;
                if (dir != null && item.isPresent()) {
                    out.put("saved", saveRendition(s, item.get(), dir).toString());
                }
                Json.print(out);
                return 0;
            }
        }

        /** Decrypts the rendition into DIR; never overwrites a file already there. */
        private static Path saveRendition(CliSession s, TransferItem item, Path into) throws IOException {
            Files.createDirectories(into);
            Path file = into.resolve(Path.of(item.renditionName()).getFileName().toString());
            EncryptedFileBlobStore blobs =
                    new EncryptedFileBlobStore(s.dir().root(), s.masterKey(), new SecureRandom());
            try (InputStream in = blobs.open(new BlobId(item.renditionBlob()));
                    OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                in.transferTo(out);
            }
            return file;
        }
    }

    @Command(name = "approve", description = "Approve a request (承認), signed in as yourself.")
    static final class Approve implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Mixin
        PersonOptions person = new PersonOptions();

        @Option(
                names = "--sha256",
                paramLabel = "HEX",
                description = "The SHA-256 of the rendition you reviewed (from 'show'); refused if the file differs.")
        @Nullable
        String sha256;

        @Option(names = "--comment", paramLabel = "TEXT", defaultValue = "")
        String comment = "";

        @Override
        public Integer call() {
            try (CliSession s = CliSession.open(data)) {
                Optional<Account> me = person.signIn(s, "approvals approve");
                if (me.isEmpty()) {
                    return REFUSED;
                }
                ApprovalRequest r;
                try {
                    r = s.approvals().approve(id, me.get().name(), Optional.ofNullable(sha256), comment);
                } catch (ApprovalRefused e) {
                    return refused("approve", e);
                }
                s.audited();
                System.out.println(
                        switch (r.state()) {
                            case APPROVED ->
                                r.originalRequest().isPresent()
                                        ? "#" + id + " を承認しました。原本をもう一度ウイルス検査してから申請者に渡します / approved;"
                                                + " the original is scanned again, then made available to the requester"
                                        : "#" + id + " を承認しました。すべての承認がそろうと公開されます / approved; the file"
                                                + " is published once every approval it needs is given";
                            default ->
                                "#" + id + " を承認しました (" + r.approvals() + "/"
                                        + r.kind().approversNeeded() + ")。別の承認者の承認が必要です / approval recorded; "
                                        + "another approver is needed";
                        });
                return 0;
            }
        }
    }

    @Command(
            name = "reject",
            description = "Reject a request with a reason (却下), signed in as yourself. The file is never published.")
    static final class Reject implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Mixin
        PersonOptions person = new PersonOptions();

        @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "Why: the sender reads this.")
        String comment = "";

        @Override
        public Integer call() {
            try (CliSession s = CliSession.open(data)) {
                Optional<Account> me = person.signIn(s, "approvals reject");
                if (me.isEmpty()) {
                    return REFUSED;
                }
                try {
                    s.approvals().reject(id, me.get().name(), comment);
                } catch (ApprovalRefused e) {
                    return refused("reject", e);
                }
                s.audited();
                System.out.println("#" + id + " を却下しました。ファイルは公開されません / rejected; the file will not be published");
                return 0;
            }
        }
    }

    @Command(
            name = "delegate",
            description = "Let USER approve for PRINCIPAL for a time (代理承認), e.g. during leave or a trip.")
    static final class Delegate implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "PRINCIPAL")
        String principal = "";

        @Option(names = "--to", required = true, paramLabel = "USER")
        String delegate = "";

        @Option(
                names = "--from",
                paramLabel = "DATE",
                description = "Start, JST: YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: now).")
        @Nullable
        String from;

        @Option(
                names = "--until",
                required = true,
                paramLabel = "DATE",
                description = "End, JST: YYYY-MM-DD (the end of that day) or YYYY-MM-DDTHH:MM.")
        String until = "";

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason = "";

        @Override
        public Integer call() {
            Instant start;
            Instant end;
            try {
                String f = from;
                start = f == null ? Instant.now() : jst(f, false);
                end = jst(until, true);
            } catch (DateTimeParseException e) {
                System.err.println("kakehashi approvals delegate: 日時は YYYY-MM-DD または YYYY-MM-DDTHH:MM (日本時間) で"
                        + " 指定してください / give dates as YYYY-MM-DD or YYYY-MM-DDTHH:MM (JST): " + e.getParsedString());
                return 64;
            }
            try (CliSession s = CliSession.open(data)) {
                Delegation d;
                try {
                    d = s.approvals().delegate(principal, delegate, start, end, reason, "cli");
                } catch (ApprovalRefused e) {
                    return refused("delegate", e);
                }
                s.audited();
                System.out.println("代理承認 #" + d.id() + ": " + d.delegate() + " が " + d.principal() + " の代わりに承認できます ("
                        + TIME.format(d.startsAt()) + " – " + TIME.format(d.endsAt()) + ") / " + d.delegate()
                        + " may approve for " + d.principal());
                return 0;
            }
        }

        /** A JST date or date-time; a bare date ends at the end of that day when {@code end}. */
        private static Instant jst(String text, boolean end) {
            if (text.contains("T")) {
                return LocalDateTime.parse(text).atZone(JST).toInstant();
            }
            LocalDate day = LocalDate.parse(text);
            return (end ? day.plusDays(1) : day).atStartOfDay(JST).toInstant();
        }
    }

    @Command(name = "delegations", description = "Delegations in force or still to come.")
    static final class Delegations implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Override
        public Integer call() {
            try (CliSession s = CliSession.open(data)) {
                ObjectNode out = Json.object();
                ArrayNode list = out.putArray("delegations");
                for (Delegation d : s.approvals().delegations()) {
                    list.addObject()
                            .put("id", d.id())
                            .put("principal", d.principal())
                            .put("delegate", d.delegate())
                            .put("from", TIME.format(d.startsAt()))
                            .put("until", TIME.format(d.endsAt()))
                            .put("reason", d.reason());
                }
                Json.print(out);
                return 0;
            }
        }
    }

    @Command(name = "revoke", description = "End a delegation now.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "DELEGATION-ID")
        long id;

        @Override
        public Integer call() {
            try (CliSession s = CliSession.open(data)) {
                try {
                    s.approvals().revoke(id, "cli");
                } catch (ApprovalRefused e) {
                    return refused("revoke", e);
                }
                s.audited();
                System.out.println("代理承認 #" + id + " を取り消しました / delegation revoked");
                return 0;
            }
        }
    }

    private static int refused(String command, ApprovalRefused e) {
        System.err.println("kakehashi approvals " + command + ": " + e.getMessage());
        return REFUSED;
    }

    /** A request for an original (原本取り出し): who asks for which file, and why. */
    private static String originalLine(ApprovalRequest r, Optional<TransferItem> item) {
        JsonNode findings = findings(r);
        return "#" + r.id() + "  原本取り出し original (" + r.kind().japanese() + ")"
                + "  " + item.map(TransferItem::name).orElse("?")
                + "  " + item.map(i -> Sizes.human(i.size())).orElse("")
                + "  申請者 requester " + findings.path("requester").asText("?")
                + "  理由 reason「" + findings.path("reason").asText("") + "」"
                + "  期限 due " + TIME.format(r.escalateAt())
                + (r.escalated() ? " (期限超過・情報セキュリティ責任者へ回付 escalated)" : "");
    }

    /** For a new version of a file sent before: how many lines of its text changed since then. */
    private static String changesNote(ApprovalRequest r) {
        JsonNode changes = findings(r).path("changes");
        if (changes.isMissingNode()) {
            return "";
        }
        int removed = changes.path("linesRemoved").asInt();
        int added = changes.path("linesAdded").asInt();
        return removed == 0 && added == 0
                ? "  前回版と同じ内容 same text as the last version"
                : "  前回版から変更 changed since the last version: −" + removed + " +" + added + " 行 lines"
                        + " ('approvals show' で確認 / see 'approvals show')";
    }

    private static JsonNode findings(ApprovalRequest r) {
        try {
            return Json.MAPPER.readTree(r.findings());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("findings of request #" + r.id() + " are not JSON", e);
        }
    }

    private static ObjectNode toJson(ApprovalRequest r, Optional<TransferItem> item) {
        ObjectNode o = Json.object();
        o.put("id", r.id());
        o.put("purpose", r.originalRequest().isPresent() ? "original" : "release");
        r.originalRequest().ifPresent(id -> o.put("originalRequest", id));
        o.put("state", r.state().word());
        o.put("stateJa", r.state().japanese());
        o.put("kind", r.kind().word());
        o.put("kindJa", r.kind().japanese());
        o.put("needed", r.kind().approversNeeded());
        o.put("approvals", r.approvals());
        ArrayNode approvers = o.putArray("approvers");
        r.approvers().forEach(approvers::add);
        o.put("rules", r.rules());
        o.put("sha256", r.sha256());
        o.put("requestedAt", TIME.format(r.requestedAt()));
        o.put("dueAt", TIME.format(r.escalateAt()));
        o.put("expiresAt", TIME.format(r.expiresAt()));
        o.put("escalated", r.escalated());
        item.ifPresent(i -> o.putObject("item")
                .put("id", i.id())
                .put("flow", i.flow().toString())
                .put("sender", i.sender())
                .put("organisation", i.organisation())
                .put("name", i.renditionName())
                .put("size", i.renditionSize())
                .put("sizeText", Sizes.human(i.renditionSize()))
                .put("type", i.renditionType()));
        o.set("findings", findings(r));
        ArrayNode votes = o.putArray("votes");
        for (Vote v : r.votes()) {
            votes.addObject()
                    .put("approver", v.approver())
                    .put("for", v.principal())
                    .put("vote", v.approve() ? "approve" : "reject")
                    .put("comment", v.comment())
                    .put("at", TIME.format(v.at()));
        }
        return o;
    }
}
