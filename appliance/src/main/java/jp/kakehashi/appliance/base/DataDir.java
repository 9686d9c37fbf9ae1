package jp.kakehashi.appliance.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jp.kakehashi.policies.Zone;

/** The layout of the data directory; the one place these names are spelled. */
public record DataDir(Path root) {
    public Path database() {
        return root.resolve("kakehashi.db");
    }

    public Path audit() {
        return root.resolve("audit");
    }

    public Path index() {
        return root.resolve("index");
    }

    /** Present while the search index is being rebuilt from the stored files (after a restore). */
    public Path indexRebuild() {
        return root.resolve("index-rebuild");
    }

    public Path work() {
        return root.resolve("work");
    }

    /** Every key the appliance holds; never in a backup (see {@code kakehashi keys export}). */
    public Path keys() {
        return root.resolve("keys");
    }

    public Path masterKey() {
        return keys().resolve("master.key");
    }

    public Path auditKey() {
        return keys().resolve("audit-ed25519.key");
    }

    public Path auditPublicKey() {
        return audit().resolve("audit-public.key");
    }

    /** The portals' TLS key and certificate (PKCS#12), replaceable by the administrator. */
    public Path tlsKeyStore() {
        return keys().resolve("tls.p12");
    }

    /** The password of {@link #tlsKeyStore()}, owner-only like the key store. */
    public Path tlsPassword() {
        return keys().resolve("tls.p12.password");
    }

    /** Written by the running daemon once it serves, removed when it stops (see {@code RunningMark}). */
    public Path running() {
        return root.resolve("running.json");
    }

    public Path hostKey(Zone zone) {
        return keys().resolve("ssh-host-" + zone.word() + ".key");
    }

    /** Creates the data directory and its work directory (the owner's alone) if they are missing. */
    public void create() {
        try {
            Files.createDirectories(root);
            Files.createDirectories(
                    work(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + root, e);
        }
    }

    /**
     * Whether the search index must be rebuilt: a backup holds no index, a restored directory has
     * none, and a rebuild cut short left its mark. Marks the rebuild as begun when it must.
     */
    public boolean beginIndexRebuildIfNeeded() {
        if (Files.exists(index()) && !Files.exists(indexRebuild())) {
            return false;
        }
        try {
            Files.writeString(indexRebuild(), "the search index is being rebuilt\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + indexRebuild(), e);
        }
        return true;
    }
}
