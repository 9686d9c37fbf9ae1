package jp.kakehashi.appliance.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.fs.SftpFileSystem;

/**
 * Opens an SFTP destination with MINA's client: the server must present the pinned host key (a
 * different one is refused before anything is sent), and the appliance signs in with its key.
 * The destination is then MINA's SFTP file system, so a backup, its check, a prune and a restore
 * run the same code as on a directory.
 */
final class SftpDestination implements BackupTarget.Opened {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SshClient client;
    private final ClientSession session;
    private final SftpFileSystem fs;
    private final Path root;

    private SftpDestination(SshClient client, ClientSession session, SftpFileSystem fs, Path root) {
        this.client = client;
        this.session = session;
        this.fs = fs;
        this.root = root;
    }

    static SftpDestination connect(BackupTarget.Sftp target) {
        Iterable<KeyPair> identity = identity(target);
        AtomicReference<String> presented = new AtomicReference<>("");
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> {
            String fingerprint = KeyUtils.getFingerPrint(key);
            presented.set(fingerprint);
            return fingerprint.equals(target.hostKey());
        });
        client.start();
        ClientSession session = null;
        try {
            session = client.connect(target.user(), target.host(), target.port())
                    .verify(TIMEOUT)
                    .getSession();
            for (KeyPair key : identity) {
                session.addPublicKeyIdentity(key);
            }
            session.auth().verify(TIMEOUT);
            SftpFileSystem fs = SftpClientFactory.instance().createSftpFileSystem(session);
            return new SftpDestination(client, session, fs, fs.getPath(target.path()));
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            client.stop();
            String seen = presented.get();
            if (!seen.isEmpty() && !seen.equals(target.hostKey())) {
                throw new BackupRefused(
                        BackupRefused.Reason.HOST_KEY_MISMATCH,
                        target.display() + " presented " + seen + ", pinned " + target.hostKey());
            }
            throw new BackupRefused(
                    BackupRefused.Reason.DESTINATION_UNREACHABLE, target.display() + ": " + e.getMessage());
        }
    }

    private static Iterable<KeyPair> identity(BackupTarget.Sftp target) {
        try (InputStream in = Files.newInputStream(target.identity())) {
            return SecurityUtils.loadKeyPairIdentities(
                    null, NamedResource.ofName(target.identity().toString()), in, null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new BackupRefused(
                    BackupRefused.Reason.DESTINATION_UNREACHABLE,
                    "cannot read the identity " + target.identity() + ": " + e.getMessage());
        }
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public void close() {
        try {
            fs.close();
        } catch (IOException e) {
            // Disconnecting: nothing is left to lose.
        }
        closeQuietly(session);
        client.stop();
    }

    private static void closeQuietly(@org.jspecify.annotations.Nullable ClientSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (IOException e) {
                // Already failing or done.
            }
        }
    }
}
