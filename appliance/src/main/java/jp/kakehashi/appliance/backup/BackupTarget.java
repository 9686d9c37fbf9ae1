package jp.kakehashi.appliance.backup;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where snapshots are kept, as the operator names it: a directory (a second disk, or the backup
 * server's NFS or SMB share mounted here), or {@code sftp://user@host[:port]/path} on an SFTP
 * server whose host key is pinned and which accepts the appliance's key.
 */
public sealed interface BackupTarget permits BackupTarget.Directory, BackupTarget.Sftp {
    /** As shown on the health page, in the audit trail and in messages (never a secret). */
    String display();

    /** Connects if it must, and gives the destination's root; closing it disconnects. */
    Opened open();

    /** An open destination: {@link #root} is valid until it is closed. */
    interface Opened extends AutoCloseable {
        Path root();

        @Override
        void close();
    }

    record Directory(Path path) implements BackupTarget {
        public Directory {
            requireNonNull(path, "path");
        }

        @Override
        public String display() {
            return path.toString();
        }

        @Override
        public Opened open() {
            return new Opened() {
                @Override
                public Path root() {
                    return path;
                }

                @Override
                public void close() {}
            };
        }
    }

    /**
     * @param hostKey the server's host key fingerprint, {@code SHA256:...} as {@code ssh-keygen -lf} prints it
     * @param identity the private key (OpenSSH format, no passphrase) the appliance signs in with
     */
    record Sftp(String user, String host, int port, String path, String hostKey, Path identity)
            implements BackupTarget {
        public Sftp {
            requireNonNull(user, "user");
            requireNonNull(host, "host");
            requireNonNull(path, "path");
            requireNonNull(hostKey, "hostKey");
            requireNonNull(identity, "identity");
            if (!hostKey.startsWith("SHA256:")) {
                throw new IllegalArgumentException(
                        "host-key must be the server's SHA256 fingerprint (SHA256:..., from ssh-keygen -lf), was "
                                + hostKey);
            }
        }

        @Override
        public String display() {
            return "sftp://" + user + "@" + host + (port == 22 ? "" : ":" + port) + path;
        }

        @Override
        public Opened open() {
            return SftpDestination.connect(this);
        }
    }

    /**
     * Reads a destination as written in kakehashi.yaml or on the command line.
     *
     * @param base the folder a relative directory is taken from
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static BackupTarget parse(String text, Optional<String> hostKey, Optional<Path> identity, Path base) {
        if (!text.startsWith("sftp://")) {
            if (hostKey.isPresent() || identity.isPresent()) {
                throw new IllegalArgumentException("host-key and identity are for an sftp:// destination only");
            }
            return new Directory(base.resolve(text).toAbsolutePath().normalize());
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "not an address such as sftp://backup@nas.city.local/kakehashi: " + text);
        }
        if (uri.getHost() == null
                || uri.getUserInfo() == null
                || uri.getPath() == null
                || uri.getPath().isEmpty()) {
            throw new IllegalArgumentException(
                    "an SFTP destination needs a user, a host and a path, e.g. sftp://backup@nas.city.local/kakehashi,"
                            + " was " + text);
        }
        if (uri.getUserInfo().contains(":")) {
            throw new IllegalArgumentException("no password in the address: the appliance signs in with identity");
        }
        return new Sftp(
                uri.getUserInfo(),
                uri.getHost(),
                uri.getPort() < 0 ? 22 : uri.getPort(),
                uri.getPath(),
                hostKey.orElseThrow(() -> new IllegalArgumentException(
                        "an SFTP destination needs host-key, the server's fingerprint (ssh-keygen -lf"
                                + " /etc/ssh/ssh_host_ed25519_key.pub on the server)")),
                identity.orElseThrow(() -> new IllegalArgumentException(
                        "an SFTP destination needs identity, the private key file the appliance signs in with")));
    }
}
