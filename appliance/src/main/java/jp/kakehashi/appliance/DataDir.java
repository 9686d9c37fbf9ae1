package jp.kakehashi.appliance;

import java.nio.file.Path;
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

    public Path work() {
        return root.resolve("work");
    }

    public Path masterKey() {
        return root.resolve("keys").resolve("master.key");
    }

    public Path auditKey() {
        return root.resolve("keys").resolve("audit-ed25519.key");
    }

    public Path auditPublicKey() {
        return audit().resolve("audit-public.key");
    }

    /** The portals' TLS key and certificate (PKCS#12), replaceable by the administrator. */
    public Path tlsKeyStore() {
        return root.resolve("keys").resolve("tls.p12");
    }

    /** The password of {@link #tlsKeyStore()}, owner-only like the key store. */
    public Path tlsPassword() {
        return root.resolve("keys").resolve("tls.p12.password");
    }

    /** Written by the running daemon once it serves, removed when it stops (see {@code RunningMark}). */
    public Path running() {
        return root.resolve("running.json");
    }

    public Path hostKey(Zone zone) {
        return root.resolve("keys").resolve("ssh-host-" + zone.word() + ".key");
    }
}
