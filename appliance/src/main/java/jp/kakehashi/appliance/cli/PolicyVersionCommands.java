package jp.kakehashi.appliance.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.policy.PolicyRefused;
import jp.kakehashi.appliance.policy.PolicyVersion;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Changing the policy in force with four eyes: {@code policy propose}, {@code policy confirm},
 * {@code policy versions}, {@code policy show}. Exit 0 done, 2 refused (the reason in Japanese
 * and English; for a policy that does not lint, every error with file, line and column), 64 usage.
 */
final class PolicyVersionCommands {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'JST'").withZone(ZoneId.of("Asia/Tokyo"));

    private PolicyVersionCommands() {}

    @Command(
            name = "propose",
            description = "Propose a policy file to put in force; a second administrator confirms it (ポリシー変更の提案).")
    static final class Propose implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "FILE")
        Path file = Path.of("");

        @Mixin
        PersonOptions person = new PersonOptions();

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the policy changes.")
        String reason = "";

        @Override
        public Integer call() {
            String text;
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString();
            } catch (CharacterCodingException e) {
                System.err.println("kakehashi policy propose: " + file + " is not UTF-8 (UTF-8 で保存してください)");
                return 64;
            } catch (IOException e) {
                System.err.println(
                        "kakehashi policy propose: cannot read " + file + " (ファイルがありません): " + e.getMessage());
                return 64;
            }
            try (CliSession s = CliSession.open(data)) {
                Optional<Account> me = person.signIn(s, "policy propose");
                if (me.isEmpty()) {
                    return 2;
                }
                PolicyVersion v =
                        s.versions().propose(file.toString(), text, me.get().name(), reason);
                s.audited();
                System.out.println("proposed policy version " + v.id() + " (sha256 " + v.sha256()
                        + "); another administrator confirms it with: kakehashi policy confirm " + v.id()
                        + " --user ADMIN --sha256 " + v.sha256());
                System.out.println("ポリシーの版 " + v.id() + " を提案しました。別の管理者の確認後に適用されます。");
                return 0;
            } catch (PolicyRefused e) {
                System.err.println("kakehashi policy propose: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(
            name = "confirm",
            description = "Confirm another administrator's proposal; the daemon puts it in force (確認).")
    static final class Confirm implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "VERSION")
        long id;

        @Mixin
        PersonOptions person = new PersonOptions();

        @Option(
                names = "--sha256",
                paramLabel = "HEX",
                description = "The SHA-256 of the text you reviewed ('policy show'); refused if the proposal differs.")
        @Nullable
        String sha256;

        @Override
        public Integer call() {
            try (CliSession s = CliSession.open(data)) {
                Optional<Account> me = person.signIn(s, "policy confirm");
                if (me.isEmpty()) {
                    return 2;
                }
                PolicyVersion v = s.versions().confirm(id, me.get().name(), Optional.ofNullable(sha256));
                s.audited();
                System.out.println("confirmed policy version " + v.id()
                        + "; a running appliance puts it in force within seconds (linted once more)");
                System.out.println("ポリシーの版 " + v.id() + " を確認しました。数秒以内に適用されます。");
                return 0;
            } catch (PolicyRefused e) {
                System.err.println("kakehashi policy confirm: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(
            name = "versions",
            description = "Policy versions, newest first, with who proposed and confirmed them (版の一覧).")
    static final class Versions implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--json", description = "One JSON object: {\"versions\": [...]}.")
        boolean json;

        @Override
        public Integer call() {
            try (CliSession s = CliSession.open(data)) {
                ObjectNode out = Json.object();
                ArrayNode list = out.putArray("versions");
                List<PolicyVersion> versions = s.versions().list();
                for (PolicyVersion v : versions) {
                    if (json) {
                        ObjectNode o = list.addObject()
                                .put("id", v.id())
                                .put("state", v.state().name())
                                .put("stateJa", v.state().japanese())
                                .put("source", v.source())
                                .put("sha256", v.sha256())
                                .put("reason", v.reason())
                                .put("proposedBy", v.proposedBy())
                                .put("proposedAt", v.proposedAt().toString())
                                .put("confirmedBy", v.confirmedBy().orElse(""))
                                .put("detail", v.detail());
                        v.activatedAt().ifPresent(t -> o.put("activatedAt", t.toString()));
                    } else {
                        System.out.println("#" + v.id() + "  " + v.state().japanese() + " (" + v.state() + ")  "
                                + v.source() + "  提案 " + v.proposedBy() + " " + TIME.format(v.proposedAt())
                                + v.confirmedBy().map(c -> "  確認 " + c).orElse("") + "  理由: " + v.reason()
                                + (v.detail().isEmpty() ? "" : "\n    " + v.detail()));
                    }
                }
                if (json) {
                    Json.print(out);
                } else if (versions.isEmpty()) {
                    System.out.println("提案された版はありません。設定ファイルのポリシーが適用されています。"
                            + " / No version proposed; the configured policy file is in force.");
                }
                return 0;
            }
        }
    }

    @Command(
            name = "show",
            description = "Print one version's text and SHA-256, for the confirming administrator (内容の表示).")
    static final class Show implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Parameters(index = "0", paramLabel = "VERSION")
        long id;

        @Override
        public Integer call() {
            try (CliSession s = CliSession.open(data)) {
                Optional<PolicyVersion> v = s.versions().find(id);
                if (v.isEmpty()) {
                    System.err.println("kakehashi policy show: "
                            + new PolicyRefused(PolicyRefused.Reason.NO_SUCH_VERSION, "#" + id).getMessage());
                    return 2;
                }
                System.out.println("# version " + id + ", sha256 " + v.get().sha256() + ", from "
                        + v.get().source() + ", " + v.get().state().japanese());
                System.out.print(v.get().text());
                return 0;
            }
        }
    }
}
