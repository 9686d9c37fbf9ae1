package jp.kakehashi.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appliance console: the first person sets its password, later ones must give it; the menu acts through systemctl only. */
class ConsoleCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theFirstVisitSetsThePasswordAndTheNextMustGiveItBeforeTheMenu() throws IOException {
        Path systemctl = tmp.resolve("systemctl");
        Files.writeString(
                systemctl,
                "#!/bin/sh\necho \"$@\" >> " + tmp.resolve("calls") + "\n"
                        + "[ \"$1\" = is-active ] && for u in \"$@\"; do [ \"$u\" = is-active ] || echo active; done\nexit 0\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwx------"));

        CliRunner.Run weak = console("short\nshort\n");
        assertThat(weak.out()).contains("12 文字以上");
        assertThat(tmp.resolve("etc/console-password")).doesNotExist();

        CliRunner.Run first = console("a long console pass\na long console pass\n2\n0\n");
        assertThat(first.exit()).as(first.err() + first.out()).isZero();
        assertThat(first.out())
                .contains("設定しました / the console password is set")
                .contains("kakehashi.service", "active")
                .contains("初期設定 / setup");
        assertThat(Files.getPosixFilePermissions(tmp.resolve("etc/console-password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(tmp.resolve("etc/console-password"))).doesNotContain("console pass");

        CliRunner.Run wrong = console("guess\nguess again\nguess three\n5\ny\n");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.out()).doesNotContain("初期設定 / setup");
        assertThat(wrong.err()).contains("wrong password");

        CliRunner.Run off = console("a long console pass\n7\n5\ny\n");
        assertThat(off.exit()).isZero();
        assertThat(off.out()).contains("0〜5 の番号を入力してください");
        assertThat(Files.readString(tmp.resolve("calls"))).contains("is-active").endsWith("poweroff\n");
    }

    private CliRunner.Run console(String typed) {
        return CliRunner.run(
                typed,
                "console",
                "--plain",
                "--etc",
                tmp.resolve("etc").toString(),
                "--systemctl",
                tmp.resolve("systemctl").toString());
    }
}
