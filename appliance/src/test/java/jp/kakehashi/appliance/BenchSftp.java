package jp.kakehashi.appliance;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Role;
import jp.kakehashi.appliance.item.ItemState;
import jp.kakehashi.appliance.pipeline.StageHook;
import jp.kakehashi.policies.Zone;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * B-SFTP-UP and B-SFTP-UP-RAW: OpenSSH's {@code sftp} client uploads one file per trial, to our
 * internet listener (encrypting, hashing and fsyncing into RECEIVED, with the pipeline held so
 * that scanning does not compete) or to MINA's plain SFTP server writing a folder (raw), and to
 * OpenSSH's own {@code sshd} + {@code sftp-server} on another loopback port, where the timed region
 * ends with {@code sync} of the file so both sides are durable.
 */
final class BenchSftp {
    private BenchSftp() {}

    static void run(Path work, long mib, int pairs, String cipher, boolean raw) throws Exception {
        Path input = BenchProcesses.randomFile(work.resolve("input.bin"), mib);
        long bytes = Files.size(input);
        Path key = work.resolve("client_key");
        BenchProcesses.run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", key.toString()));
        String publicKey = Files.readString(work.resolve("client_key.pub")).strip();

        Process sshd = null;
        AutoCloseable subjectServer = null;
        try {
            int peerPort = freePort();
            Path peerDir = Files.createDirectories(work.resolve("peer-dest"));
            sshd = startOpenSsh(work, peerPort, publicKey);

            int subjectPort;
            Path subjectDir;
            String subjectUser;
            String subjectDest;
            if (raw) {
                subjectDir = Files.createDirectories(work.resolve("mina-dest"));
                SshServer server = SshServer.setUpDefaultServer();
                server.setHost("127.0.0.1");
                server.setPort(0);
                KeyPair host = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
                server.setKeyPairProvider(KeyPairProvider.wrap(host));
                server.setPublickeyAuthenticator((user, k, session) -> true);
                server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
                server.setFileSystemFactory(new VirtualFileSystemFactory(subjectDir));
                server.start();
                subjectServer = server::stop;
                subjectPort = server.getPort();
                subjectUser = "bench";
                subjectDest = "/";
            } else {
                subjectDir = work.resolve("appliance");
                Appliance appliance = Appliance.start(
                        ApplianceHarness.config(subjectDir, "tcp://127.0.0.1:1", 1),
                        Clock.systemUTC(),
                        new SecureRandom(),
                        holdPipeline());
                appliance
                        .accounts()
                        .create(
                                new Account("bench", Role.PARTNER, "bench", List.of(publicKey), false),
                                Optional.empty(),
                                "bench");
                subjectServer = appliance;
                subjectPort = appliance.sftpPort(Zone.INTERNET);
                subjectUser = "bench";
                subjectDest = "/to-city/";
            }
            int sPort = subjectPort;
            Path sDir = subjectDir;
            BenchMain.compare(
                    raw ? "B-SFTP-UP-RAW" : "B-SFTP-UP",
                    raw
                            ? "MINA SSHD SftpSubsystemFactory to a folder"
                            : "Kakehashi internet SFTP listener into RECEIVED",
                    "OpenSSH 9.2 sshd + sftp-server, then sync",
                    "MiB/s",
                    pairs,
                    i -> {
                        long t = System.nanoTime();
                        put(key, subjectUser, sPort, cipher, input, subjectDest + "bench-" + (i + 1) + ".bin", work);
                        double r = BenchMain.mibPerSecond(bytes, System.nanoTime() - t);
                        deleteFiles(raw ? sDir : sDir.resolve("blobs"));
                        return r;
                    },
                    i -> {
                        Path dest = peerDir.resolve("bench-" + (i + 1) + ".bin");
                        long t = System.nanoTime();
                        put(key, "root", peerPort, cipher, input, dest.toString(), work);
                        BenchProcesses.run(List.of("sync", dest.toString()));
                        double r = BenchMain.mibPerSecond(bytes, System.nanoTime() - t);
                        Files.delete(dest);
                        return r;
                    },
                    Map.of(
                            "size_mib",
                            String.valueOf(mib),
                            "cipher",
                            cipher,
                            "client",
                            "OpenSSH sftp -b (same for both)",
                            "note",
                            "both servers share the 2 cores with the client"));
        } finally {
            if (subjectServer != null) {
                subjectServer.close();
            }
            if (sshd != null) {
                sshd.destroy();
                sshd.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Holds every pipeline worker before its first step: the benchmark measures intake only. */
    static StageHook holdPipeline() {
        return new StageHook() {
            @Override
            public void starting(String itemId, ItemState state) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("benchmark finished");
                }
            }
        };
    }

    private static void put(Path key, String user, int port, String cipher, Path input, String dest, Path work)
            throws Exception {
        Path batch = work.resolve("batch-" + port);
        Files.writeString(batch, "put " + input + " " + dest + "\n");
        BenchProcesses.run(List.of(
                "sftp",
                "-q",
                "-b",
                batch.toString(),
                "-i",
                key.toString(),
                "-P",
                String.valueOf(port),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "Ciphers=" + cipher,
                user + "@127.0.0.1"));
    }

    private static Process startOpenSsh(Path work, int port, String publicKey) throws Exception {
        Path hostKey = work.resolve("ssh_host_ecdsa_key");
        BenchProcesses.run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", hostKey.toString()));
        Path authorized = work.resolve("authorized_keys");
        Files.writeString(authorized, publicKey + "\n");
        Path config = work.resolve("sshd_config");
        Files.write(
                config,
                List.of(
                        "Port " + port,
                        "ListenAddress 127.0.0.1",
                        "HostKey " + hostKey,
                        "PidFile " + work.resolve("sshd.pid"),
                        "AuthorizedKeysFile " + authorized,
                        "StrictModes no",
                        "UsePAM no",
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PermitRootLogin yes",
                        "Subsystem sftp /usr/lib/openssh/sftp-server",
                        "Ciphers aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com"));
        Files.createDirectories(Path.of("/run/sshd"));
        Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("sshd.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("sshd exited: " + Files.readString(work.resolve("sshd.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not listen on " + port);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteFiles(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
    }
}
