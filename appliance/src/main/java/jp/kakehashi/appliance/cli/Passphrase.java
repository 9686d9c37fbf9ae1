package jp.kakehashi.appliance.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --passphrase-stdin}, or the key file's passphrase asked on the terminal without echo. */
final class Passphrase {
    @Option(
            names = "--passphrase-stdin",
            description = "Read the key file's passphrase from the first line of standard input (for scripts).")
    boolean stdin;

    /**
     * The passphrase; asked twice when {@code confirm} (a new key file). Empty, after saying why,
     * when there is no terminal and no --passphrase-stdin, or the two entries differ.
     */
    Optional<char[]> read(String command, boolean confirm) {
        if (stdin) {
            return Optional.of(firstLine().toCharArray());
        }
        Console console = System.console();
        if (console == null) {
            System.err.println("kakehashi " + command + ": パスフレーズを尋ねる端末がありません。--passphrase-stdin を付けて"
                    + "標準入力から渡してください / no terminal to ask for the passphrase: pass it on standard input"
                    + " with --passphrase-stdin");
            return Optional.empty();
        }
        char[] typed = orEmpty(console.readPassword("鍵ファイルのパスフレーズ / key file passphrase: "));
        if (confirm) {
            char[] again = orEmpty(console.readPassword("もう一度 / again: "));
            boolean same = Arrays.equals(typed, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(typed, '\0');
                System.err.println("kakehashi " + command + ": 2 回の入力が一致しません / the two entries differ");
                return Optional.empty();
            }
        }
        return Optional.of(typed);
    }

    private static char[] orEmpty(char[] typed) {
        return typed == null ? new char[0] : typed;
    }

    /** Byte by byte, so that nothing past the line is buffered away from the rest of the command. */
    private static String firstLine() {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = System.in.read()) != -1 && c != '\n') {
                b.write(c);
            }
            return b.toString(StandardCharsets.UTF_8).replace("\r", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }
}
