package jp.kakehashi.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.appliance.update.RunningMark;
import jp.kakehashi.appliance.update.UpdateBundle;
import jp.kakehashi.appliance.update.UpdateKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed updates on the image, run the way an administrator runs them ({@code kakehashi update
 * install} on the console, as root): bundles that are forged, cut short or older are refused with
 * their reason while the running version keeps serving; a good bundle is installed on the data
 * volume beside the image's release and runs; a bundle whose version does not start is rolled back
 * by itself. The service is stopped and started by scripts standing in for systemctl (no systemd
 * as PID 1 here) that run the unit's own command line. The appliance is configured first by
 * {@code kakehashi setup}, as on a first boot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpdateIT {
    private static final String TEST = "/var/lib/kakehashi/test";

    @TempDir
    static Path tmp;

    BootedImage appliance;
    Path volume;

    @BeforeAll
    void bootAndSign() throws Exception {
        Image image = Image.build();
        volume = Files.createDirectories(tmp.resolve("volume"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        appliance = BootedImage.boot(image, volume);

        // First boot as an administrator does it: the answers, checked against the machine's interfaces.
        Path test = Files.createDirectories(volume.resolve("test"));
        StringBuilder answers = new StringBuilder("zones:\n");
        for (BootedImage.Segment s : BootedImage.SEGMENTS) {
            answers.append(
                    "  " + s.zone() + ":\n    interface: " + s.nic() + "\n    address: " + s.appAddress() + "/24\n");
            if (s.zone().equals("lgwan")) {
                answers.append("    management-from: [" + s.clientAddress() + "/32]\n");
            }
        }
        answers.append("admin:\n  name: joho-admin\n  department: johosystem\n");
        Files.writeString(test.resolve("answers.yaml"), answers);
        String setup = appliance.sh("kakehashi setup --answers " + TEST + "/answers.yaml");
        System.out.println("# kakehashi setup\n" + setup);
        assertThat(setup)
                .contains("管理者 joho-admin を作成しました")
                .contains("https://198.51.100.10:443/password/")
                .contains("written:   /var/lib/kakehashi/etc/network/10-kakehashi-lgwan.network");

        Files.writeString(
                test.resolve("start.sh"),
                appliance.startLine("kakehashi.service", "/var/log/kakehashi-daemon.log", "/run/kakehashi-test.pid")
                        + "\n");
        // Bounded: a daemon that does not stop in 60 s is killed, and a zombie counts as stopped.
        Files.writeString(test.resolve("stop.sh"), """
                pid=$(cat /run/kakehashi-test.pid 2>/dev/null) || exit 0
                kill "$pid" 2>/dev/null || exit 0
                i=0
                while [ -e /proc/$pid ] && ! grep -q '^State:.*Z' /proc/$pid/status 2>/dev/null; do
                  i=$((i + 1))
                  [ $i -eq 600 ] && kill -9 "$pid"
                  [ $i -gt 700 ] && exit 1
                  sleep 0.1
                done
                """);

        // The vendor's key pair; the appliance trusts its public half.
        Path keys = Files.createDirectories(test.resolve("keys"));
        UpdateKeys.generate(tmp.resolve("vendor.key"), keys.resolve("vendor.pub"), new SecureRandom());
        UpdateKeys.generate(tmp.resolve("stolen.key"), tmp.resolve("stolen.pub"), new SecureRandom());

        // Releases made from the image's own: 0.1.1 as it is, 0.0.9 older, 0.1.2 without its
        // database driver (it starts, then cannot open its data: never healthy).
        Path release = tmp.resolve("release");
        Cmd.ok("cp", "-a", image.root.resolve("opt/kakehashi/0.1.0").toString(), release.toString());
        sign(release, "0.1.1", "vendor.key", "good-0.1.1.update");
        sign(release, "0.0.9", "vendor.key", "older-0.0.9.update");
        sign(release, "0.1.3", "stolen.key", "forged-0.1.3.update");
        byte[] good = Files.readAllBytes(test.resolve("good-0.1.1.update"));
        Files.write(test.resolve("cut-0.1.1.update"), Arrays.copyOf(good, good.length / 2));
        try (var jars = Files.list(release.resolve("lib"))) {
            for (Path jar : jars.filter(j -> j.getFileName().toString().startsWith("sqlite-jdbc"))
                    .toList()) {
                Files.delete(jar);
            }
        }
        sign(release, "0.1.2", "vendor.key", "broken-0.1.2.update");

        appliance.sh("sh " + TEST + "/start.sh");
        awaitRunning("0.1.0", -1);
    }

    @AfterAll
    void shutDown() throws IOException {
        if (appliance != null) {
            Cmd.run(appliance.inside(List.of("sh", TEST + "/stop.sh")), 90);
            String daemonLog = Cmd.run(appliance.inside(List.of("cat", "/var/log/kakehashi-daemon.log")), 30)
                    .output();
            Files.writeString(Path.of("target", "update-daemon.log"), daemonLog);
            appliance.close();
        }
    }

    @Test
    @Order(1)
    void forgedTruncatedAndOlderBundlesAreRefusedAndTheRunningVersionKeepsServing() throws Exception {
        RunningMark before = mark().orElseThrow();
        assertRefused("forged-0.1.3.update", "更新ファイルの署名が正しくありません");
        assertRefused("cut-0.1.1.update", "更新ファイルが途中で切れています");
        assertRefused("older-0.0.9.update", "実行中の版より古い版には更新できません");
        assertThat(mark()).contains(before);
        assertThat(before.alive()).isTrue();
        assertThat(appliance.sh("ls -A /var/lib/kakehashi/releases").lines().toList())
                .as("nothing of a refused bundle is left")
                .containsExactly("current");
    }

    @Test
    @Order(2)
    void aSignedBundleIsInstalledBesideTheImagesReleaseAndRuns() throws Exception {
        long oldPid = mark().orElseThrow().pid();
        Cmd.Result r = install("good-0.1.1.update");
        assertThat(r.output()).as(r.output()).contains("更新しました / updated: 0.1.0 -> 0.1.1");
        assertThat(r.exit()).isZero();
        RunningMark now = awaitRunning("0.1.1", oldPid);
        assertThat(now.alive()).isTrue();
        assertThat(appliance.sh("readlink -f /opt/kakehashi/current").strip())
                .isEqualTo("/var/lib/kakehashi/releases/0.1.1");
        assertThat(appliance.sh("kakehashi --version")).contains("Kakehashi 0.1.1");
        assertThat(appliance.sh("ls /var/lib/kakehashi/data/backups")).contains("pre-update-0.1.0-to-0.1.1-");
        assertThat(appliance.sh("ss -ltnH | wc -l").strip()).isEqualTo("6");
        // The audit trail records each version's start and still verifies across the update.
        assertThat(appliance.sh("kakehashi audit verify")).startsWith("OK:");
        assertThat(Files.readAllLines(volume.resolve("data/audit/audit.jsonl")).stream()
                        .filter(l -> l.contains("APPLIANCE_STARTED"))
                        .map(l -> l.replaceAll(".*\"version\":\"([^\"]+)\".*", "$1"))
                        .toList())
                .containsSubsequence("0.1.0", "0.1.1");
    }

    @Test
    @Order(3)
    void aVersionThatDoesNotComeUpIsRolledBackByItself() throws Exception {
        long oldPid = mark().orElseThrow().pid();
        Cmd.Result r = install("broken-0.1.2.update");
        assertThat(r.output())
                .as(r.output())
                .contains("新しい版 0.1.2 が正常に起動しなかったため、0.1.1 に戻しました")
                .contains("did not become healthy");
        assertThat(r.exit()).isEqualTo(3);
        RunningMark now = awaitRunning("0.1.1", oldPid);
        assertThat(now.alive()).isTrue();
        assertThat(appliance.sh("readlink -f /opt/kakehashi/current").strip())
                .isEqualTo("/var/lib/kakehashi/releases/0.1.1");
        assertThat(appliance.sh("ss -ltnH | wc -l").strip()).isEqualTo("6");

        // Every outcome is in the audit chain, appended by the version that runs: three refusals
        // (with their reason), the install and the rollback.
        java.util.regex.Pattern update = java.util.regex.Pattern.compile("\"type\":\"(UPDATE_[A-Z_]+)\"");
        List<String> outcomes = List.of();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (outcomes.size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            outcomes = Files.readAllLines(volume.resolve("data/audit/audit.jsonl")).stream()
                    .map(update::matcher)
                    .filter(java.util.regex.Matcher::find)
                    .map(m -> m.group(1))
                    .toList();
        }
        assertThat(outcomes)
                .containsExactly(
                        "UPDATE_REFUSED", "UPDATE_REFUSED", "UPDATE_REFUSED", "UPDATE_INSTALLED", "UPDATE_ROLLED_BACK");
        assertThat(Files.readString(volume.resolve("data/audit/audit.jsonl")))
                .contains("\"reason\":\"BAD_SIGNATURE\"")
                .contains("\"attempted\":\"0.1.2\"");
        assertThat(appliance.sh("kakehashi audit verify")).startsWith("OK:");
    }

    private void sign(Path release, String version, String key, String bundle) throws IOException {
        Files.writeString(release.resolve("VERSION"), version + "\n");
        UpdateBundle.write(release, tmp.resolve(key), volume.resolve("test").resolve(bundle));
    }

    private Cmd.Result install(String bundle) {
        Cmd.Result r = Cmd.run(
                appliance.inside(List.of(
                        "kakehashi",
                        "update",
                        "install",
                        TEST + "/" + bundle,
                        "--trusted",
                        TEST + "/keys",
                        "--stop-command",
                        "sh " + TEST + "/stop.sh",
                        "--start-command",
                        "sh " + TEST + "/start.sh",
                        "--health-timeout",
                        "45")),
                400);
        System.out.println("# kakehashi update install " + bundle + " -> exit " + r.exit() + "\n" + r.output());
        return r;
    }

    private void assertRefused(String bundle, String reason) {
        Cmd.Result r = install(bundle);
        assertThat(r.output()).as(bundle).contains("kakehashi: " + reason).doesNotContain("\tat ");
        assertThat(r.exit()).as(r.output()).isEqualTo(1);
    }

    private Optional<RunningMark> mark() {
        return RunningMark.read(volume.resolve("data/running.json"));
    }

    /** Waits for the daemon of {@code version} to report itself running in a process other than {@code notPid}. */
    private RunningMark awaitRunning(String version, long notPid) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<RunningMark> m = mark();
            if (m.isPresent() && m.get().version().equals(version) && m.get().pid() != notPid) {
                return m.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited 180 s for " + version + " to run; daemon log:\n"
                + Cmd.run(appliance.inside(List.of("sh", "-c", "tail -50 /var/log/kakehashi-daemon.log")), 30)
                        .output());
    }
}
