package jp.kakehashi.appliance.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.SignIn;
import jp.kakehashi.policies.Zone;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The person a console command acts for (ISSUE 21 §7). Typing a name is not enough: the person
 * signs in with the password and the authenticator code, through the same lock-out as the portal
 * and SFTP, so that nobody at the console approves or confirms in another person's name.
 */
final class PersonOptions {
    @Option(
            names = "--user",
            required = true,
            paramLabel = "NAME",
            description = "Your account. The password and the 6-digit code are asked on the terminal"
                    + " (or read from standard input with --stdin).")
    String name = "";

    @Option(
            names = "--stdin",
            description = "Read the password, then the code, from standard input (one line each), e.g. for a script.")
    boolean stdin;

    /**
     * Signs the person in; when refused, or with no terminal to ask on and no --stdin, prints why
     * for {@code command} and returns empty.
     */
    Optional<Account> signIn(CliSession s, String command) {
        char[] password;
        String code;
        if (stdin) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            password = line(in).toCharArray();
            code = line(in).strip();
        } else {
            Console console = System.console();
            if (console == null) {
                System.err.println("kakehashi " + command + ": パスワードと確認コードを尋ねる端末がありません。--stdin を付けて"
                        + "標準入力から 1 行ずつ渡してください / no terminal to ask for the password and code: pass them"
                        + " on standard input, one line each, with --stdin");
                return Optional.empty();
            }
            char[] typed = console.readPassword("%s のパスワード / password for %s: ", name, name);
            password = typed == null ? new char[0] : typed;
            String c = console.readLine("確認コード (6 桁) / authenticator code: ");
            code = c == null ? "" : c.strip();
        }
        SignIn signIn = s.signIn();
        Zone zone = s.accounts().find(name).map(Account::zone).orElse(Zone.LGWAN);
        SignIn.Outcome outcome = signIn.passwordAndCode(name, password, code, zone, "console", "cli");
        switch (outcome) {
            case SignIn.Outcome.SignedIn in -> {
                signIn.signedIn(in.account(), zone, "console", "cli", java.util.Map.of("command", command));
                return Optional.of(in.account());
            }
            case SignIn.Outcome.Refused refused -> {
                s.audited();
                System.err.println("kakehashi " + command + ": " + refusal(refused.reason()));
                return Optional.empty();
            }
        }
    }

    private static String refusal(SignIn.Reason reason) {
        return reason == SignIn.Reason.LOCKED
                ? "失敗が続いたため、しばらくサインインできません / too many failed attempts: try again later"
                : "名前、パスワード、確認コードのいずれかが違います / the name, password or code is wrong";
    }

    private static String line(BufferedReader in) {
        try {
            @Nullable String line = in.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
