package jp.kakehashi.image;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import jp.kakehashi.sanitizer.specimens.HostileSpecimens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image started as the appliance between three segments, each a network namespace of its own
 * on the other end of a veth cable: what a partner, a member of staff and the My Number segment
 * can reach is what the generated firewall and the zones allow, and no more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SegmentsIT {
    private static final String ORG = "npo-kakehashi";

    @TempDir
    static Path tmp;

    BootedImage appliance;
    Path log;
    long bootMillis;
    final Map<String, Desk> desks = new LinkedHashMap<>();

    @BeforeAll
    void boot() throws Exception {
        Image image = Image.build();
        Path volume = Files.createDirectories(tmp.resolve("volume"));
        writeConfiguration(volume);
        writeSignatures(Files.createDirectories(volume.resolve("clamav")));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        log = tmp.resolve("units.log");
        appliance = BootedImage.boot(image, volume);
        appliance.sh("chown -R clamav:clamav /var/lib/kakehashi/clamav");

        long started = System.nanoTime();
        appliance.start("kakehashi-firewall.service", log);
        appliance.start("clamav-daemon.service", log);
        awaitInside("test -S /run/clamav/clamd.ctl", "clamd's socket");
        appliance.start("kakehashi.service", log);
        awaitInside("[ $(ss -ltnH | wc -l) -ge 6 ]", "the six listeners");
        bootMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("firewall, clamd and the daemon started, all listeners ready in %d ms%n", bootMillis);

        for (BootedImage.Segment s : BootedImage.SEGMENTS) {
            desks.put(s.zone(), Desk.in(appliance, s.zone()));
        }
        addUser("partner-sato", "partner", ORG, "internet");
        addUser("tanaka", "staff", "somu", "lgwan");
        addUser("mynumber-import", "mynumber", "shimin", "mynumber");
    }

    @AfterAll
    void shutDown() throws Exception {
        for (Desk d : desks.values()) {
            d.close();
        }
        if (appliance != null) {
            appliance.close();
        }
        if (log != null && Files.exists(log)) {
            Path kept = Path.of("target", "segments-units.log");
            Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    @Order(1)
    void eachSegmentReachesOnlyItsOwnZonesListeners() throws Exception {
        Map<String, String> targets = new LinkedHashMap<>();
        for (BootedImage.Segment s : BootedImage.SEGMENTS) {
            targets.put(s.zone() + " SFTP", s.appAddress() + "\t22\tssh");
            targets.put(s.zone() + " HTTPS", s.appAddress() + "\t443\thttps");
            // clamd answers only on its unix socket; a TCP clamd would be here.
            targets.put(s.zone() + " clamd", s.appAddress() + "\t3310\ttcp");
        }
        StringBuilder matrix = new StringBuilder(String.format("%-10s", "from \\ to"));
        targets.keySet().forEach(t -> matrix.append(String.format(" | %-15s", t)));
        matrix.append('\n');
        List<String> wrong = new ArrayList<>();
        for (BootedImage.Segment from : BootedImage.SEGMENTS) {
            matrix.append(String.format("%-10s", from.zone()));
            for (Map.Entry<String, String> t : targets.entrySet()) {
                String answer = desks.get(from.zone()).one(("probe\t" + t.getValue()).split("\t"));
                boolean open = answer.startsWith("open");
                boolean expected =
                        t.getKey().equals(from.zone() + " SFTP") || t.getKey().equals(from.zone() + " HTTPS");
                matrix.append(String.format(" | %-15s", open ? "OPEN" : "-"));
                if (open != expected) {
                    wrong.add(from.zone() + " -> " + t.getKey() + ": " + answer);
                }
                if (expected) {
                    assertThat(answer)
                            .as(from.zone() + " -> " + t.getKey())
                            .matches(
                                    t.getKey().endsWith("SFTP")
                                            ? "open SSH-2\\.0-.*"
                                            : "open TLS HTTP/1\\.1 [23]\\d\\d.*");
                }
            }
            matrix.append('\n');
        }
        System.out.println("Reachability from each segment's client (only the diagonal may be OPEN):\n" + matrix);
        assertThat(wrong).as(matrix.toString()).isEmpty();
    }

    @Test
    @Order(2)
    void theListeningSocketsAreExactlyTheGeneratedAllowList() throws IOException {
        Set<String> listening = appliance
                .sh("ss -ltnH")
                .lines()
                .map(l -> l.trim().split("\\s+")[3])
                // Java listens on an IPv6 socket bound to the IPv4-mapped address: the same socket.
                .map(a -> a.replaceFirst("^\\[::ffff:([0-9.]+)\\]", "$1"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> allowed = appliance
                .sh("/usr/local/bin/kakehashi firewall --listeners")
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));

        System.out.println(
                "ss -ltn in the appliance: " + listening + "\nallow list from the configuration: " + allowed);
        System.out.println("idle resident memory before any file: " + residentMemory());
        assertThat(listening).isEqualTo(allowed).hasSize(6);
        assertThat(appliance.sh("ss -lunH").strip()).as("no UDP listener").isEmpty();
    }

    @Test
    @Order(3)
    void aPartnersMacroDocumentReachesStaffDisarmedAndMalwareNeverDoes() throws Exception {
        byte[] docm = HostileSpecimens.all().stream()
                .filter(s -> s.id().equals("OFF-01a"))
                .findFirst()
                .orElseThrow()
                .content();
        Desk partner = desks.get("internet");
        assertThat(partner.one("login", "192.0.2.10", "22", "partner-sato")).isEqualTo("ok");
        assertThat(partner.one("put", file("見積書.docm", docm).toString(), "/to-city/見積書.docm"))
                .isEqualTo("ok");
        assertThat(partner.one(
                        "put", file("eicar.txt", HostileSpecimens.eicar()).toString(), "/to-city/eicar.txt"))
                .isEqualTo("ok");

        Desk staff = desks.get("lgwan");
        assertThat(staff.one("login", "198.51.100.10", "22", "tanaka")).isEqualTo("ok");
        List<String> names = awaitListing(staff, "/from-partners/" + ORG, "見積書.docx");
        assertThat(names).containsExactly("見積書.docx");
        Path fetched = tmp.resolve("fetched.docx");
        assertThat(staff.one("get", "/from-partners/" + ORG + "/見積書.docx", fetched.toString()))
                .isEqualTo("ok");
        assertThat(zipEntries(Files.readAllBytes(fetched)))
                .contains("word/document.xml")
                .noneMatch(p -> p.contains("vbaProject"));
        // By now the EICAR upload, sent after the document, has been judged too: quarantined.
        String receipts = String.join("\n", partner.ask("ls", "/receipts"));
        assertThat(receipts).contains("eicar.txt");
        assertThat(staff.ask("ls", "/from-partners/" + ORG)).doesNotContain("eicar.txt");
    }

    @Test
    @Order(4)
    void staffSendToMyNumberWhichReadsButCannotWrite() throws Exception {
        // An import the shipped policy declares (住民異動, Shift_JIS as the My Number systems read it).
        byte[] csv = "個人番号,氏名,生年月日,異動区分\n\"123456789018\",\"山田 太郎\",1980-04-01,01\n"
                .getBytes(java.nio.charset.Charset.forName("windows-31j"));
        Desk staff = desks.get("lgwan");
        assertThat(staff.one("put", file("ido.csv", csv).toString(), "/to-mynumber/jumin-ido-20261201.csv"))
                .isEqualTo("ok");

        Desk mynumber = desks.get("mynumber");
        assertThat(mynumber.one("login", "203.0.113.10", "22", "mynumber-import"))
                .isEqualTo("ok");
        awaitListing(mynumber, "/from-lgwan", "jumin-ido-20261201.csv");
        Path got = tmp.resolve("got.csv");
        assertThat(mynumber.one("get", "/from-lgwan/jumin-ido-20261201.csv", got.toString()))
                .isEqualTo("ok");
        // The import is rebuilt (CSV formulas neutralised, line ends as Windows writes them), its rows kept.
        assertThat(new String(Files.readAllBytes(got), java.nio.charset.Charset.forName("windows-31j")))
                .contains("個人番号,氏名,生年月日,異動区分")
                .contains("山田 太郎")
                .contains("123456789018");

        assertThat(mynumber.one("put", file("back.csv", csv).toString(), "/from-lgwan/back.csv"))
                .startsWith("error");
        assertThat(mynumber.one("put", file("back.csv", csv).toString(), "/back.csv"))
                .startsWith("error");
    }

    @Test
    @Order(5)
    void aSanitizerWorkerReachesNoNetworkAtAll() throws Exception {
        List<Long> workers = new ArrayList<>();
        for (String pid : Cmd.ok("ip", "netns", "pids", appliance.appNs).lines().toList()) {
            Path cmdline = Path.of("/proc", pid.strip(), "cmdline");
            if (Files.exists(cmdline) && new String(Files.readAllBytes(cmdline), UTF_8).contains("WorkerMain")) {
                workers.add(Long.parseLong(pid.strip()));
            }
        }
        // `ip netns pids` lists the processes of the appliance's network; a worker is not among them.
        assertThat(workers)
                .as("workers in the appliance's own network namespace")
                .isEmpty();

        long daemon = ProcessHandle.of(Long.parseLong(Cmd.ok("ip", "netns", "pids", appliance.appNs)
                        .lines()
                        .filter(p -> cmdline(p).contains("jp.kakehashi.appliance.Main"))
                        .findFirst()
                        .orElseThrow()
                        .strip()))
                .orElseThrow()
                .pid();
        List<ProcessHandle> children = ProcessHandle.of(daemon)
                .orElseThrow()
                .descendants()
                .filter(h -> cmdline(String.valueOf(h.pid())).contains("WorkerMain"))
                .toList();
        assertThat(children).as("the daemon keeps idle sanitizer workers").isNotEmpty();
        String daemonNet = Files.readSymbolicLink(Path.of("/proc", String.valueOf(daemon), "ns", "net"))
                .toString();
        for (ProcessHandle w : children) {
            String pid = String.valueOf(w.pid());
            assertThat(Files.readSymbolicLink(Path.of("/proc", pid, "ns", "net"))
                            .toString())
                    .isNotEqualTo(daemonNet);
            String links = Cmd.ok("nsenter", "--target", pid, "--net", "--", "ip", "-o", "link");
            assertThat(links.lines())
                    .singleElement()
                    .satisfies(l -> assertThat(l).contains("lo:").contains("DOWN"));
            for (String target : List.of("192.0.2.10/22", "198.51.100.10/443", "127.0.0.1/22")) {
                Cmd.Result r = Cmd.run(
                        List.of(
                                "nsenter",
                                "--target",
                                pid,
                                "--net",
                                "--",
                                "timeout",
                                "5",
                                "bash",
                                "-c",
                                "exec 3<>/dev/tcp/" + target),
                        30);
                assertThat(r.exit())
                        .as("worker %s connecting to %s: %s", pid, target, r.output())
                        .isNotZero();
                assertThat(r.output()).contains("Network is unreachable");
            }
        }
    }

    @Test
    @Order(6)
    void upRefusesCablesSwappedAtInstallation() throws Exception {
        // The internet and LGWAN interfaces named the other way round, as after swapped cables.
        String swapped = Files.readString(appliance.volume.resolve("etc/kakehashi.yaml"))
                .replace("interface: kh-int0", "interface: kh-SWAP")
                .replace("interface: kh-lg0", "interface: kh-int0")
                .replace("interface: kh-SWAP", "interface: kh-lg0");
        Files.writeString(appliance.volume.resolve("etc/swapped.yaml"), swapped);

        Cmd.Result r = Cmd.run(
                appliance.inside(List.of(
                        "/bin/sh", "-c", "KAKEHASHI_CONFIG=/etc/kakehashi/swapped.yaml /usr/local/bin/kakehashi up")),
                120);

        assertThat(r.exit()).as(r.output()).isEqualTo(1);
        assertThat(r.output())
                .contains("セグメントの設定がネットワークと一致しないため起動しません / not starting")
                .contains("192.0.2.10 is not on kh-lg0")
                .contains("192.0.2.10 is on kh-int0, not only on kh-lg0")
                .contains("198.51.100.10 is not on kh-int0")
                .doesNotContain("\tat ");
    }

    /** VmRSS of the daemon, for the note (clamd, in a network of its own, is not among these processes). */
    private String residentMemory() throws IOException {
        for (String pid : Cmd.ok("ip", "netns", "pids", appliance.appNs).lines().toList()) {
            if (cmdline(pid).contains("jp.kakehashi.appliance.Main")) {
                return "daemon "
                        + Files.readAllLines(Path.of("/proc", pid.strip(), "status")).stream()
                                .filter(l -> l.startsWith("VmRSS:"))
                                .map(l -> l.substring(6).strip())
                                .findFirst()
                                .orElse("?");
            }
        }
        return "daemon not found";
    }

    private static String cmdline(String pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", pid.strip(), "cmdline")), UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void addUser(String name, String role, String org, String zone) throws Exception {
        Path key = appliance.volume.resolve("etc").resolve(name + ".pub");
        Files.writeString(key, desks.get(zone).one("key") + "\n");
        appliance.sh("/usr/local/bin/kakehashi user add " + name + " --role " + role + " --org " + org
                + " --ssh-key /etc/kakehashi/" + name + ".pub");
    }

    private Path file(String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("files"));
        return Files.write(dir.resolve(name), content);
    }

    private void awaitInside(String condition, String what) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Cmd.run(appliance.inside(List.of("/bin/sh", "-c", condition)), 30)
                            .exit()
                    == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited 180 s for " + what + ":\n" + Files.readString(log));
    }

    private static List<String> awaitListing(Desk desk, String dir, String name) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        List<String> names = List.of();
        while (System.nanoTime() < deadline) {
            names = desk.ask("ls", dir);
            if (names.contains(name)) {
                return names;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " never appeared in " + dir + "; last listing " + names);
    }

    private static List<String> zipEntries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static void writeConfiguration(Path volume) throws IOException {
        Path etc = Files.createDirectories(volume.resolve("etc"));
        StringBuilder zones = new StringBuilder("zones:\n");
        for (BootedImage.Segment s : BootedImage.SEGMENTS) {
            zones.append("  ")
                    .append(s.zone())
                    .append(":\n")
                    .append("    address: ")
                    .append(s.appAddress())
                    .append('\n')
                    .append("    interface: ")
                    .append(s.nic())
                    .append('\n')
                    .append("    sftp-port: 22\n    https-port: 443\n");
        }
        Files.writeString(etc.resolve("kakehashi.yaml"), "data-dir: /var/lib/kakehashi/data\n" + zones + """
                scanner:
                  clamd: unix:/run/clamav/clamd.ctl
                  signatures-max-age: 0s
                pipeline:
                  workers: 2
                  worker-heap: 384MB
                policy-file: policy.yaml
                """);
        // The municipality of this test imports to My Number without the two approvers.
        String policy = new String(
                SegmentsIT.class
                        .getResourceAsStream("/jp/kakehashi/policies/default-policy.yaml")
                        .readAllBytes(),
                UTF_8);
        int start = policy.indexOf("  - id: mynumber-two-person");
        int end = policy.indexOf("  - id: mynumber-size");
        assertThat(start).isPositive();
        Files.writeString(etc.resolve("policy.yaml"), policy.substring(0, start) + policy.substring(end));
    }

    /** clamd's database: EICAR by hash and as a body signature, built with the machine's sigtool. */
    private static void writeSignatures(Path db) throws Exception {
        Path sample = db.resolve("eicar.sample");
        Files.write(sample, HostileSpecimens.eicar());
        String line = Cmd.ok("sigtool", "--md5", sample.toString()).strip();
        Files.delete(sample);
        String[] parts = line.split(":");
        Files.writeString(db.resolve("kakehashi.hdb"), parts[0] + ":" + parts[1] + ":Kakehashi.Test.EICAR\n");
        Files.writeString(
                db.resolve("kakehashi.ndb"),
                "Kakehashi.Test.EICAR.Body:0:*:"
                        + HexFormat.of().formatHex("EICAR-STANDARD-ANTIVIRUS-TEST-FILE".getBytes(UTF_8)) + "\n");
    }
}
