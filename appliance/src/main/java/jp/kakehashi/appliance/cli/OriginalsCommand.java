package jp.kakehashi.appliance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.item.TransferItem;
import jp.kakehashi.appliance.originals.OriginalRefused;
import jp.kakehashi.appliance.originals.OriginalRequest;
import jp.kakehashi.appliance.sftp.Sizes;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kakehashi originals}: 原本取り出し on the command line until the staff portal offers it. A
 * staff member asks for the original of a disarmed file with a reason; the approvers named by the
 * policy decide with {@code kakehashi approvals}; the running appliance scans the original again
 * and puts it in the requester's SFTP folder {@code /originals/} for the policy's time.
 *
 * <p>Refusals exit 2 with the reason in Japanese and English; usage errors exit 64.
 */
@Command(
        name = "originals",
        description = "Taking out an original (原本取り出し): request, list.",
        subcommands = {OriginalsCommand.Request.class, OriginalsCommand.ListRequests.class})
final class OriginalsCommand implements Runnable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'JST'").withZone(ZoneId.of("Asia/Tokyo"));

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "use: kakehashi originals request|list");
    }

    @Command(
            name = "request",
            description = "Ask, signed in as yourself and with a reason, for the original of a disarmed file.")
    static final class Request implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(
                index = "0",
                paramLabel = "ITEM",
                description = "The item id (from the receipt or 'policy explain').")
        String item = "";

        @Mixin
        PersonOptions person = new PersonOptions();

        @Option(
                names = "--reason",
                required = true,
                paramLabel = "TEXT",
                description = "Why the disarmed file is not enough; the approvers read this.")
        String reason = "";

        @Override
        public Integer call() {
            try (CliSession s = CliSession.open(data)) {
                Optional<Account> me = person.signIn(s, "originals request");
                if (me.isEmpty()) {
                    return ApprovalsCommand.REFUSED;
                }
                OriginalRequest r;
                try {
                    r = s.originals().request(item, me.get().name(), reason);
                } catch (OriginalRefused e) {
                    System.err.println("kakehashi originals request: " + e.getMessage());
                    return ApprovalsCommand.REFUSED;
                }
                s.audited();
                System.out.println("原本取り出しを申請しました (#" + r.id() + ")。承認されると、再検査のうえ SFTP の /originals/ に "
                        + r.availableFor().toHours() + " 時間置かれます / requested (#" + r.id()
                        + "); once approved and scanned again, the"
                        + " original appears in your SFTP folder /originals/ for "
                        + r.availableFor().toHours() + " h");
                return 0;
            }
        }
    }

    @Command(
            name = "list",
            description = "Requests for originals: one person's (--for), or all of them for the officer.")
    static final class ListRequests implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--for", paramLabel = "USER", description = "Only this person's requests.")
        @Nullable
        String forUser;

        @Override
        public Integer call() {
            try (CliSession s = CliSession.open(data)) {
                String user = forUser;
                List<OriginalRequest> requests =
                        user == null ? s.originals().all() : s.originals().byRequester(user);
                ObjectNode out = Json.object();
                ArrayNode list = out.putArray("requests");
                for (OriginalRequest r : requests) {
                    list.add(toJson(r, s.items().find(r.item())));
                }
                Json.print(out);
                return 0;
            }
        }

        private static ObjectNode toJson(OriginalRequest r, Optional<TransferItem> item) {
            ObjectNode o = Json.object();
            o.put("id", r.id());
            o.put("item", r.item());
            item.ifPresent(i -> o.put("name", i.name())
                    .put("size", i.size())
                    .put("sizeText", Sizes.human(i.size()))
                    .put("from", i.organisation()));
            o.put("requester", r.requester());
            o.put("reason", r.reason());
            o.put("state", r.state().word());
            o.put("stateJa", r.state().japanese());
            o.put("requestedAt", TIME.format(r.requestedAt()));
            r.releasedAt().ifPresent(t -> o.put("releasedAt", TIME.format(t)));
            r.availableUntil().ifPresent(t -> o.put("availableUntil", TIME.format(t)));
            r.endedAt().ifPresent(t -> o.put("endedAt", TIME.format(t)));
            r.outcome()
                    .ifPresent(x -> o.put("outcome", x.name())
                            .put("outcomeJa", x.japanese())
                            .put("outcomeEn", x.english()));
            if (!r.outcomeDetail().isEmpty()) {
                o.put("detail", r.outcomeDetail());
            }
            return o;
        }
    }
}
