package jp.kakehashi.appliance.cli;

import java.nio.file.Path;
import java.util.Optional;
import jp.kakehashi.appliance.backup.BackupTarget;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --host-key} and {@code --identity}: what an {@code sftp://} backup destination needs. */
final class DestinationOptions {
    @Option(
            names = "--host-key",
            paramLabel = "SHA256:...",
            description = "For sftp://: the server's host key fingerprint (ssh-keygen -lf on the server's"
                    + " ssh_host_ed25519_key.pub); any other key is refused.")
    @Nullable
    String hostKey;

    @Option(
            names = "--identity",
            paramLabel = "FILE",
            description = "For sftp://: the private key (OpenSSH format) the appliance signs in with.")
    @Nullable
    Path identity;

    /** The destination as given, or empty after saying what is wrong with it. */
    Optional<BackupTarget> target(String command, String destination) {
        try {
            return Optional.of(BackupTarget.parse(
                    destination, Optional.ofNullable(hostKey), Optional.ofNullable(identity), Path.of("")));
        } catch (IllegalArgumentException e) {
            System.err.println("kakehashi " + command + ": バックアップ先が正しくありません / bad destination: " + e.getMessage());
            return Optional.empty();
        }
    }
}
