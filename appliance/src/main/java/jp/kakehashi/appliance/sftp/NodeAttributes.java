package jp.kakehashi.appliance.sftp;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Attributes of a virtual node as an SFTP client sees them; owner and group are always {@code kakehashi}. */
record NodeAttributes(Node node) implements PosixFileAttributes {
    private static final Principal OWNER = new Principal("kakehashi");

    private record Principal(String getName) implements GroupPrincipal {
        /** The SFTP v3 listing's {@code ls -l} line prints this as the owner; WinSCP and FileZilla show it. */
        @Override
        public String toString() {
            return getName;
        }
    }

    @Override
    public UserPrincipal owner() {
        return OWNER;
    }

    @Override
    public GroupPrincipal group() {
        return OWNER;
    }

    @Override
    public Set<PosixFilePermission> permissions() {
        return switch (node) {
            case Node.Folder f -> PosixFilePermissions.fromString(f.writable() ? "rwx------" : "r-x------");
            case Node.Leaf l ->
                PosixFilePermissions.fromString(
                        switch (l.source()) {
                            // An unfinished upload is never read back; it is writable while nobody else writes it.
                            case Node.Source.Partial p -> p.resumable() ? "-w-------" : "---------";
                            default -> "r--------";
                        });
        };
    }

    @Override
    public FileTime lastModifiedTime() {
        return FileTime.from(node.modified());
    }

    @Override
    public FileTime lastAccessTime() {
        return lastModifiedTime();
    }

    @Override
    public FileTime creationTime() {
        return lastModifiedTime();
    }

    @Override
    public boolean isRegularFile() {
        return node instanceof Node.Leaf;
    }

    @Override
    public boolean isDirectory() {
        return node instanceof Node.Folder;
    }

    @Override
    public boolean isSymbolicLink() {
        return false;
    }

    @Override
    public boolean isOther() {
        return false;
    }

    @Override
    public long size() {
        return node instanceof Node.Leaf l ? l.size() : 0;
    }

    @Override
    public Object fileKey() {
        return node.name();
    }

    Map<String, Object> asMap(boolean posix) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", size());
        m.put("lastModifiedTime", lastModifiedTime());
        m.put("lastAccessTime", lastAccessTime());
        m.put("creationTime", creationTime());
        m.put("isRegularFile", isRegularFile());
        m.put("isDirectory", isDirectory());
        m.put("isSymbolicLink", false);
        m.put("isOther", false);
        m.put("fileKey", fileKey());
        if (posix) {
            m.put("permissions", permissions());
            m.put("owner", owner());
            m.put("group", group());
        }
        return m;
    }
}
