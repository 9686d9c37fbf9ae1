package jp.kakehashi.appliance.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.PasswordRules;
import jp.kakehashi.appliance.setup.SetupFiles;
import jp.kakehashi.appliance.update.MachineControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kakehashi console}: what the appliance's console (screen and serial port) shows instead of
 * a login prompt. The root filesystem is read-only and no account has a shell, so this menu is the
 * only way in at the console: setup, status, an update from a file on the data volume, reboot and
 * power off, behind a console password that the first person at the console sets (hashed on the
 * data volume, like the portal's passwords). Nothing typed here reaches a shell or a command line.
 */
@Command(name = "console", description = "The appliance console's menu (started by getty on tty1 and ttyS0).")
final class ConsoleCommand implements Callable<Integer> {
    @Option(names = "--etc", paramLabel = "DIR", description = "Configuration directory (default: ${DEFAULT-VALUE}).")
    Path etc = SetupFiles.Target.appliance().etc();

    @Option(names = "--systemctl", hidden = true, paramLabel = "CMD", description = "systemctl (tests).")
    String systemctl = "systemctl";

    @Option(names = "--plain", hidden = true, description = "Read passwords as plain lines (tests).")
    boolean plain;

    private final InputStream in = System.in;

    @Override
    public Integer call() throws IOException, InterruptedException {
        System.out.println();
        System.out.println("== 架け橋 Kakehashi console (コンソール) ==");
        Path passwordFile = etc.resolve("console-password");
        PasswordHasher hasher = new PasswordHasher(new SecureRandom());
        if (!Files.exists(passwordFile)) {
            if (!choosePassword(passwordFile, hasher)) {
                return 1;
            }
        } else if (!signIn(passwordFile, hasher)) {
            return 1;
        }
        MachineControl machine = new MachineControl(List.of(systemctl.split(" ")));
        while (true) {
            System.out.println();
            System.out.println("  1  初期設定 / setup (segments, administrator, certificate)");
            System.out.println("  2  状態 / status");
            System.out.println("  3  更新 / install an update bundle");
            System.out.println("  4  再起動 / reboot");
            System.out.println("  5  停止 / power off");
            System.out.println("  0  終了 / leave the console");
            Optional<String> choice = line("番号 / number: ");
            if (choice.isEmpty()) {
                return 0;
            }
            switch (choice.get().strip()) {
                case "1" -> {
                    if (KakehashiCommand.run("setup") == 0
                            && yes("ネットワーク・ファイアウォール・サービスに反映しますか / apply now (network, firewall, service)?")) {
                        System.out.print(machine.applySetup());
                    }
                }
                case "2" -> {
                    KakehashiCommand.run("--version");
                    System.out.print(machine.status());
                    KakehashiCommand.run("update", "status");
                }
                case "3" -> {
                    Optional<String> file = line("更新ファイル (データ領域上のパス) / bundle file on the data volume: ");
                    if (file.isPresent() && !file.get().isBlank()) {
                        KakehashiCommand.run("update", "install", file.get().strip());
                    }
                }
                case "4" -> {
                    if (yes("再起動しますか / reboot?")) {
                        System.out.print(machine.reboot());
                        return 0;
                    }
                }
                case "5" -> {
                    if (yes("停止しますか / power off?")) {
                        System.out.print(machine.powerOff());
                        return 0;
                    }
                }
                case "0" -> {
                    return 0;
                }
                default -> System.out.println("0〜5 の番号を入力してください / type a number from 0 to 5");
            }
        }
    }

    /** The first person at the console chooses the password, typed twice; nothing else is offered before. */
    private boolean choosePassword(Path file, PasswordHasher hasher) throws IOException {
        System.out.println("コンソールのパスワードを設定してください (12 文字以上)。以後コンソールはこのパスワードで開きます。");
        System.out.println(
                "Choose the console password (at least 12 characters); the console opens with it from now on.");
        for (int attempt = 0; attempt < 3; attempt++) {
            char[] first = password("新しいパスワード / new password: ");
            char[] second = password("もう一度 / again: ");
            try {
                Optional<PasswordRules.Problem> problem = PasswordRules.check(first, "kakehashi-console");
                if (problem.isPresent()) {
                    System.out.println(
                            problem.get().ja() + " / " + problem.get().en());
                } else if (!Arrays.equals(first, second)) {
                    System.out.println("一致しません / the two do not match");
                } else {
                    Files.createDirectories(etc);
                    Path tmp = file.resolveSibling(".console-password.new");
                    Files.deleteIfExists(tmp);
                    Files.createFile(
                            tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(tmp, hasher.hash(first) + "\n", StandardCharsets.UTF_8);
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                    System.out.println("設定しました / the console password is set");
                    return true;
                }
            } finally {
                Arrays.fill(first, '\0');
                Arrays.fill(second, '\0');
            }
        }
        return false;
    }

    /** Three tries, each wrong one costing three seconds; then the console starts over (getty). */
    private boolean signIn(Path file, PasswordHasher hasher) throws IOException, InterruptedException {
        String hash = Files.readString(file, StandardCharsets.UTF_8).strip();
        for (int attempt = 0; attempt < 3; attempt++) {
            char[] typed = password("コンソールのパスワード / console password: ");
            try {
                if (hasher.verify(typed, hash)) {
                    return true;
                }
            } finally {
                Arrays.fill(typed, '\0');
            }
            System.err.println("kakehashi console: wrong password (コンソールのパスワードが違います)");
            Thread.sleep(3000);
        }
        return false;
    }

    private boolean yes(String question) throws IOException {
        return line(question + " [y/N]: ")
                .map(a -> a.strip().equalsIgnoreCase("y"))
                .orElse(false);
    }

    private char[] password(String prompt) throws IOException {
        Console console = System.console();
        if (console != null && !plain) {
            char[] typed = console.readPassword("%s", prompt);
            return typed == null ? new char[0] : typed;
        }
        return line(prompt).orElse("").toCharArray();
    }

    /**
     * One line, read byte by byte so that nothing past it is buffered away from the command it
     * starts next (setup reads the same input); empty when the input ended.
     */
    private Optional<String> line(String prompt) throws IOException {
        System.out.print(prompt);
        System.out.flush();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (b.size() < 4096) {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            return Optional.empty();
        }
        return Optional.of(b.toString(StandardCharsets.UTF_8).replace("\r", ""));
    }
}
