package jp.kakehashi.appliance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import jp.kakehashi.sanitizer.ClamdClient;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A real clamd for tests: its own config and a one-signature database built with {@code sigtool}
 * in a temp folder, listening on a loopback TCP port and a unix socket.
 */
final class Clamd implements AutoCloseable {
    static final String SIGNATURE = "Kakehashi.Test.EICAR";
    private final Path dir;
    private final int port;
    private Process process;

    private Clamd(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** The EICAR test string, assembled at run time so no source file carries it whole. */
    static byte[] eicar() {
        String s = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS" + "-TEST-FILE!$H+H*";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static Clamd start(Path dir, long streamMaxBytes) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/clamd")) || !Files.isExecutable(Path.of("/usr/bin/sigtool"))) {
            throw new IllegalStateException(
                    "clamd and sigtool are required (apt-get install clamav-daemon); .ci/run installs them");
        }
        Path db = Files.createDirectories(dir.resolve("db"));
        Path sample = dir.resolve("eicar.sample");
        Files.write(sample, eicar());
        Process sig = new ProcessBuilder("/usr/bin/sigtool", "--md5", sample.toString())
                .redirectErrorStream(true)
                .start();
        String line = new String(sig.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (sig.waitFor() != 0 || line.split(":").length < 3) {
            throw new IllegalStateException("sigtool failed: " + line);
        }
        String[] parts = line.split(":");
        Files.writeString(db.resolve("kakehashi.hdb"), parts[0] + ":" + parts[1] + ":" + SIGNATURE + "\n");
        // A body signature too, so EICAR is found inside containers (zip, OOXML parts).
        Files.writeString(
                db.resolve("kakehashi.ndb"),
                SIGNATURE + ".Body:0:*:"
                        + HexFormat.of()
                                .formatHex("EICAR-STANDARD-ANTIVIRUS-TEST-FILE".getBytes(StandardCharsets.US_ASCII))
                        + "\n");
        Files.delete(sample);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("clamd.conf");
        Files.write(
                conf,
                List.of(
                        "Foreground yes",
                        "LogFile " + dir.resolve("clamd.log"),
                        "LogVerbose yes",
                        "DatabaseDirectory " + db,
                        "TemporaryDirectory " + Files.createDirectories(dir.resolve("tmp")),
                        "LocalSocket " + dir.resolve("clamd.sock"),
                        "TCPSocket " + port,
                        "TCPAddr 127.0.0.1",
                        "StreamMaxLength " + streamMaxBytes,
                        "MaxFileSize " + streamMaxBytes,
                        "MaxScanSize " + streamMaxBytes,
                        "AlertEncryptedArchive yes",
                        "AlertEncryptedDoc yes",
                        "AlertExceedsMax yes",
                        "ReadTimeout 120",
                        "CommandReadTimeout 30",
                        "MaxThreads 4"));
        Process p = new ProcessBuilder("/usr/sbin/clamd", "--config-file=" + conf)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("clamd.out").toFile())
                .start();
        Clamd clamd = new Clamd(dir, port, p);
        clamd.awaitReady();
        return clamd;
    }

    String tcpAddress() {
        return "tcp://127.0.0.1:" + port;
    }

    String unixAddress() {
        return "unix:" + dir.resolve("clamd.sock");
    }

    void awaitReady() throws Exception {
        ClamdClient client = ClamdClient.create(ClamdClient.address(tcpAddress()), Duration.ofSeconds(2), 1 << 20);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("clamd exited: " + Files.readString(dir.resolve("clamd.out")));
            }
            if (client.ping()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("clamd did not answer within 60 s");
    }

    /**
     * Adds a signature for exactly these bytes and restarts clamd with it: a signature update that
     * now recognises a file which scanned clean before.
     */
    void addSignature(byte[] content, String name) throws Exception {
        Path sample = dir.resolve("new.sample");
        Files.write(sample, content);
        Process sig = new ProcessBuilder("/usr/bin/sigtool", "--md5", sample.toString())
                .redirectErrorStream(true)
                .start();
        String line = new String(sig.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (sig.waitFor() != 0 || line.split(":").length < 3) {
            throw new IllegalStateException("sigtool failed: " + line);
        }
        String[] parts = line.split(":");
        Files.writeString(
                dir.resolve("db").resolve("kakehashi.hdb"),
                parts[0] + ":" + parts[1] + ":" + name + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.delete(sample);
        stop();
        restart();
    }

    /**
     * Installs a signature database that says it was built at {@code built}, the way an official
     * {@code daily.cvd} does, and restarts clamd: its VERSION line then ends with that time. The
     * database is an unsigned {@code daily.cud} (a 512-byte header, then a tar.gz whose
     * {@code daily.info} repeats the header and lists each file with its SHA-256), holding one
     * signature for bytes no test sends.
     */
    void signaturesBuiltAt(Instant built) throws Exception {
        byte[] hdb = "0123456789abcdef0123456789abcdef:7:Kakehashi.Test.Dated\n".getBytes(StandardCharsets.US_ASCII);
        String date = DateTimeFormatter.ofPattern("dd MMM yyyy HH-mm Z", Locale.ENGLISH)
                .format(built.atZone(ZoneOffset.UTC));
        long seconds = built.getEpochSecond();
        byte[] info = ("ClamAV-VDB:" + date + ":27000:1:90:X:X:kakehashi-test:" + seconds + "\n" + "daily.hdb:"
                        + hdb.length + ":"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(hdb))
                        + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(body))) {
            for (Map.Entry<String, byte[]> f : List.of(
                    Map.entry("COPYING", "test database\n".getBytes(StandardCharsets.US_ASCII)),
                    Map.entry("daily.info", info),
                    Map.entry("daily.hdb", hdb))) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.toByteArray()));
        byte[] header = new byte[512];
        Arrays.fill(header, (byte) ' ');
        byte[] line = ("ClamAV-VDB:" + date + ":27000:1:90:" + md5 + ":X:kakehashi-test:" + seconds)
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(line, 0, header, 0, line.length);
        try (OutputStream out = Files.newOutputStream(dir.resolve("db").resolve("daily.cud"))) {
            out.write(header);
            body.writeTo(out);
        }
        stop();
        restart();
    }

    /** Stops clamd (as if it crashed or was stopped by an operator). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGSTOP: clamd still accepts connections (the kernel does) but never answers, as a hung scanner. */
    void freeze() throws Exception {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    void thaw() throws Exception {
        signal("CONT");
    }

    /** SIGKILL, at once: clamd dies in the middle of whatever it was reading (ATTACKS F-02). */
    void crash() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Starts clamd again with the same configuration and port. */
    void restart() throws Exception {
        Files.deleteIfExists(dir.resolve("clamd.sock"));
        process = new ProcessBuilder("/usr/sbin/clamd", "--config-file=" + dir.resolve("clamd.conf"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("clamd.out").toFile()))
                .start();
        awaitReady();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }
}
