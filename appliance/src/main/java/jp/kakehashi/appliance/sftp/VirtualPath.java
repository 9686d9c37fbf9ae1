package jp.kakehashi.appliance.sftp;

import java.util.List;
import org.apache.sshd.common.file.util.BasePath;

/** A path in an account's virtual tree; never resolves to anything on the real filesystem. */
final class VirtualPath extends BasePath<VirtualPath, VirtualFileSystem> {
    VirtualPath(VirtualFileSystem fs, @org.jspecify.annotations.Nullable String root, List<String> names) {
        super(fs, root, names);
    }

    /** The path's names after normalisation against the root; {@code ..} cannot climb above it. */
    List<String> canonicalNames() {
        return List.copyOf(toAbsolutePath().normalize().names);
    }

    @Override
    public VirtualPath toRealPath(java.nio.file.LinkOption... options) {
        return toAbsolutePath().normalize();
    }
}
