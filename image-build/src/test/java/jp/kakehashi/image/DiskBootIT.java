package jp.kakehashi.image;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootable disk boots as a municipality's hypervisor would boot it: UEFI firmware (OVMF),
 * systemd-boot, the kernel and initramfs from the EFI system partition, the root read-only, the
 * data volume mounted with /var/log on it, and on the serial port the appliance's console menu,
 * whose first visitor sets its password, reads the status and powers the machine off.
 * The disk is never changed: the machine writes into a qcow2 overlay, whose map shows that not
 * one byte of the root or the boot partition was written. The journal is then read from the data
 * partition. KVM is not usable on the CI machine (nested virtualisation fails inside the guest),
 * so the machine is emulated (TCG): slower, the same boot.
 */
class DiskBootIT {
    @TempDir
    Path tmp;

    record Partition(String name, long start, long size) {
        boolean overlaps(long offset, long length) {
            return offset < start + size && start < offset + length;
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // the first image test builds the image: up to 8 min on CI
    void theDiskBootsToTheConsoleWithTheRootUntouchedAndTheConversionsOpen() throws Exception {
        Image image = Image.build();
        String version = onlyRelease(image.root);
        Path raw = image.out.resolve("kakehashi-" + version + ".raw");
        List<Partition> partitions = partitions(raw);
        assertThat(partitions).extracting(Partition::name).containsExactly("kh-esp", "kh-root", "kh-data");

        // Each hypervisor's format holds the same disk.
        long rawSize = Files.size(raw);
        for (String format : List.of("qcow2", "vmdk", "vhdx")) {
            JsonNode info = new ObjectMapper()
                    .readTree(Cmd.ok(
                            "qemu-img",
                            "info",
                            "--output=json",
                            image.out
                                    .resolve("kakehashi-" + version + "." + format)
                                    .toString()));
            assertThat(info.path("format").asText()).isEqualTo(format);
            assertThat(info.path("virtual-size").asLong()).as(format).isEqualTo(rawSize);
        }

        Path overlay = tmp.resolve("machine.qcow2");
        Cmd.ok("qemu-img", "create", "-q", "-f", "qcow2", "-b", raw.toString(), "-F", "raw", overlay.toString());
        Path vars = tmp.resolve("vars.fd");
        Files.copy(Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd"), vars);
        Path serial = tmp.resolve("serial.log");
        Path serialSocket = tmp.resolve("serial.sock");
        Path qmp = tmp.resolve("qmp.sock");
        long started = System.nanoTime();
        Process qemu = new ProcessBuilder(
                        "qemu-system-x86_64",
                        "-machine",
                        "q35,accel=tcg",
                        // Not "max": under emulation its AVX once crashed a JVM in compiled code
                        // (SIGSEGV in C1 code); a server CPU without AVX.
                        "-cpu",
                        "Nehalem",
                        "-smp",
                        "2",
                        "-m",
                        "2048",
                        "-display",
                        "none",
                        "-monitor",
                        "none",
                        "-no-reboot",
                        "-drive",
                        "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
                        "-drive",
                        "if=pflash,format=raw,file=" + vars,
                        "-drive",
                        "if=virtio,format=qcow2,file=" + overlay,
                        "-nic",
                        "none",
                        "-chardev",
                        "socket,id=serial0,path=" + serialSocket + ",server=on,wait=off,logfile=" + serial,
                        "-serial",
                        "chardev:serial0",
                        "-qmp",
                        "unix:" + qmp + ",server=on,wait=off")
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("qemu.log").toFile())
                .start();
        try (SocketChannel console = connect(serialSocket, qemu)) {
            // The serial port is read all the time (the log file keeps a copy): a port nobody reads
            // stops the machine's output, as a real UART's flow control would.
            Thread.ofVirtual().start(() -> drain(console));
            // The serial port shows the console menu, not a login prompt: the first visitor sets its password.
            waitFor(serial, "new password:", qemu, 420);
            System.out.printf(
                    "# cold boot (UEFI, emulated) to the console: %.0f s%n", (System.nanoTime() - started) / 1e9);
            choosePassword(serial, console, qemu);
            type(console, "2\n");
            waitFor(serial, "kakehashi.service", qemu, 120);
            waitFor(serial, "Kakehashi 0.", qemu, 120);
            type(console, "5\n");
            waitFor(serial, "power off?", qemu, 60);
            type(console, "y\n");
            if (!qemu.waitFor(180, TimeUnit.SECONDS)) {
                powerOff(qmp);
                qemu.waitFor(120, TimeUnit.SECONDS);
            }
        } finally {
            qemu.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // Colours of systemd's status lines removed: what a person reads.
        String text = Files.readString(serial, UTF_8).replaceAll("\u001B\\[[0-9;]*[A-Za-z]", "");
        System.out.println("# the console's menu and status, as the serial port showed them:");
        System.out.println(text.substring(Math.max(0, text.indexOf("== 架け橋")), text.length())
                .lines()
                .limit(40)
                .collect(java.util.stream.Collectors.joining("\n")));
        assertThat(text)
                .containsPattern(asShown("root=PARTUUID=5c1e8a3e-6b1d-4c39-9a57-000000000002 ro"))
                .containsPattern(asShown("Mounted var-lib-kakehashi.mount"))
                .contains("設定しました / the console password is set")
                // Before setup there is no segment: the firewall and the daemon wait for it, nothing fails.
                .containsPattern(asShown("kakehashi-firewall.service inactive"))
                .containsPattern(asShown("kakehashi.service inactive"))
                .containsPattern(asShown("clamav-freshclam.service inactive"))
                .containsPattern(asShown("chrony.service active"))
                .containsPattern(asShown("Reached target poweroff.target"))
                .doesNotContain("FAILED", "login:");

        // The root and the boot partition: not one byte written (the overlay holds every write).
        JsonNode map = new ObjectMapper()
                .readTree(Cmd.ok("qemu-img", "map", "--output=json", "-f", "qcow2", overlay.toString()));
        List<String> written = new ArrayList<>();
        for (JsonNode extent : map) {
            if (extent.path("depth").asInt() == 0 && extent.path("data").asBoolean()) {
                long offset = extent.path("start").asLong();
                long length = extent.path("length").asLong();
                for (Partition p : partitions) {
                    if (p.overlaps(offset, length)) {
                        written.add(p.name());
                    }
                }
            }
        }
        assertThat(written).as("partitions the machine wrote to").isNotEmpty().allMatch("kh-data"::equals);

        // What the appliance logged, read back from its data volume.
        Path flat = tmp.resolve("after.raw");
        Cmd.ok("qemu-img", "convert", "-f", "qcow2", "-O", "raw", overlay.toString(), flat.toString());
        Partition data = partitions.get(2);
        Path mnt = Files.createDirectories(tmp.resolve("data"));
        Cmd.ok(
                "mount",
                "-o",
                "ro,loop,offset=" + data.start() + ",sizelimit=" + data.size(),
                flat.toString(),
                mnt.toString());
        try {
            String journal =
                    Cmd.ok("journalctl", "-D", mnt.resolve("log/journal").toString(), "--no-pager", "-o", "cat");
            assertThat(journal)
                    .contains("Started chrony.service")
                    .contains("kakehashi-firewall.service - Kakehashi firewall generated from the configuration"
                            + " (ファイアウォール) was skipped because of an unmet condition check")
                    .doesNotContain("Failed to start", "Read-only file system");
            assertThat(mnt.resolve("etc/kakehashi.yaml")).exists();
        } finally {
            Cmd.run(List.of("umount", mnt.toString()), 60);
        }
    }

    private static String onlyRelease(Path root) throws IOException {
        try (var s = Files.list(root.resolve("opt/kakehashi"))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("current"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** The GPT's partitions in bytes, from sfdisk. */
    private static List<Partition> partitions(Path raw) throws IOException {
        JsonNode table = new ObjectMapper()
                .readTree(Cmd.ok("sfdisk", "--json", raw.toString()))
                .path("partitiontable");
        long sector = table.path("sectorsize").asLong(512);
        List<Partition> out = new ArrayList<>();
        for (JsonNode p : table.path("partitions")) {
            out.add(new Partition(
                    p.path("name").asText(),
                    p.path("start").asLong() * sector,
                    p.path("size").asLong() * sector));
        }
        return out;
    }

    /**
     * Sets the console password and waits for the menu. The emulated CPU (TCG, no KVM here) now
     * and then runs the JIT's code wrongly and the console's JVM dies (SIGSEGV) while it hashes the
     * password; getty starts the console again and it asks again. A real CPU does not, so the
     * test answers the new prompt, up to three times, and says so.
     */
    private static void choosePassword(Path serial, SocketChannel console, Process qemu) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int prompts = occurrences(serial, "new password:");
            int agains = occurrences(serial, "again:");
            type(console, "a long console pass\n");
            waitForMore(serial, "again:", agains, qemu, 60);
            type(console, "a long console pass\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (occurrences(serial, "number:") == 0 && occurrences(serial, "new password:") <= prompts) {
                if (!qemu.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("no 'number:' after the password:\n" + tail(serial));
                }
                Thread.sleep(500);
            }
            if (occurrences(serial, "number:") > 0) {
                return;
            }
            System.out.println("# the console started again (its JVM died under the emulator); attempt " + attempt);
            if (attempt == 3) {
                throw new AssertionError("the console started again three times:\n" + tail(serial));
            }
        }
    }

    private static int occurrences(Path file, String text) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String s = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + text.length())) {
            n++;
        }
        return n;
    }

    /** Waits until {@code text} appears more than {@code seen} times in {@code file}. */
    private static void waitForMore(Path file, String text, int seen, Process machine, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (occurrences(file, text) <= seen) {
            if (!machine.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no new '" + text + "' in " + seconds + " s:\n" + tail(file));
            }
            Thread.sleep(500);
        }
    }

    /**
     * {@code text} as a pattern that also matches it as the emulated serial port sometimes shows
     * it, with a character doubled ("inactivve", "PARRTUUID": seen under TCG, never misread by a
     * person); a space stands for any run of white space, as status columns are padded.
     */
    static String asShown(String text) {
        StringBuilder pattern = new StringBuilder();
        text.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            pattern.append(c.equals(" ") ? "\\s+" : "(?:" + java.util.regex.Pattern.quote(c) + "){1,2}");
        });
        return pattern.toString();
    }

    /** Nanoseconds until {@code text} appears in {@code file}; fails when the machine stops or time runs out. */
    private static long waitFor(Path file, String text, Process machine, int seconds) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)
                    && Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains(text)) {
                return System.nanoTime() - start;
            }
            if (!machine.isAlive()) {
                throw new AssertionError("the machine stopped before '" + text + "':\n" + tail(file));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no '" + text + "' in " + seconds + " s:\n" + tail(file));
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no console output)";
        }
        String s = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        return s.substring(Math.max(0, s.length() - 4000));
    }

    private static SocketChannel connect(Path socket, Process machine) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(socket)) {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.connect(UnixDomainSocketAddress.of(socket));
                return c;
            }
            if (!machine.isAlive()) {
                throw new AssertionError("the machine did not start");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no serial port socket " + socket);
    }

    private static void drain(SocketChannel console) {
        ByteBuffer b = ByteBuffer.allocate(65536);
        try {
            while (console.read(b) >= 0) {
                b.clear();
            }
        } catch (IOException e) {
            // The machine powered off, or the test closed the port.
        }
    }

    private static void type(SocketChannel console, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(UTF_8));
        while (b.hasRemaining()) {
            console.write(b);
        }
    }

    /** ACPI power button through QEMU's machine protocol: systemd shuts down cleanly. */
    private static void powerOff(Path qmp) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(qmp));
            for (String command : List.of("{\"execute\":\"qmp_capabilities\"}", "{\"execute\":\"system_powerdown\"}")) {
                c.write(ByteBuffer.wrap((command + "\n").getBytes(UTF_8)));
            }
            ByteBuffer answer = ByteBuffer.allocate(4096);
            c.read(answer);
        }
    }
}
