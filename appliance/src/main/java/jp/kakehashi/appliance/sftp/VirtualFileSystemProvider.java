package jp.kakehashi.appliance.sftp;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The NIO provider behind every session's {@link VirtualFileSystem}. Reads come from the account's
 * tree; the only writes are a file in a drop folder (new, or the rest of the owner's interrupted
 * one) and the rename of one sent under a temporary name to its own name; everything else (mkdir,
 * delete, other renames, links, attribute changes) is refused with "permission denied".
 *
 * <p>What a per-session tree has no counterpart for — opening a file system by URI, file stores
 * (so {@code statvfs}), principal lookup, attribute views other than basic and posix — throws
 * {@link UnsupportedOperationException}, as the {@link FileSystemProvider} contract prescribes;
 * these are answers, not unfinished work. MINA turns them into an SFTP error status and the
 * session goes on ({@code EndToEndIT} checks this with {@code statvfs@openssh.com}).
 *
 * <p>Opening a file, listing a folder and renaming first ask {@link StillSignedIn}: a session
 * outlives its sign-in, and the account's state at sign-in must not.
 */
final class VirtualFileSystemProvider extends FileSystemProvider {

    @Override
    public String getScheme() {
        return "kakehashi";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("virtual file systems are made per session");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("virtual file systems are made per session");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("virtual paths are not addressable by URI");
    }

    static VirtualPath virtual(Path path) {
        if (!(path instanceof VirtualPath v)) {
            throw new ProviderMismatchException(
                    "not a virtual path: " + path.getClass().getSimpleName());
        }
        return v;
    }

    static Node node(Path path) throws NoSuchFileException {
        VirtualPath v = virtual(path);
        return v.getFileSystem()
                .view()
                .lookup(v.canonicalNames())
                .orElseThrow(() -> new NoSuchFileException(v.toString()));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        VirtualPath v = virtual(path);
        v.getFileSystem().stillSignedIn().check(v.toString());
        SftpView view = v.getFileSystem().view();
        List<String> names = v.canonicalNames();
        boolean write = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        if (!write) {
            if (node(path) instanceof Node.Leaf leaf) {
                return view.openRead(leaf);
            }
            throw SftpView.notDirectory(names);
        }
        if (names.isEmpty()) {
            throw new AccessDeniedException(v.toString(), null, "uploads are not allowed here (ここにはアップロードできません)");
        }
        // Without TRUNCATE (OpenSSH's reput opens with APPEND; WinSCP and FileZilla write on at the
        // remote size) an upload goes on from the owner's interrupted one of that name, if any.
        return v.getFileSystem()
                .uploads()
                .openUpload(
                        names.subList(0, names.size() - 1),
                        names.get(names.size() - 1),
                        options.contains(StandardOpenOption.TRUNCATE_EXISTING));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        VirtualPath v = virtual(dir);
        v.getFileSystem().stillSignedIn().check(v.toString());
        List<Path> children = new ArrayList<>();
        for (Node n : v.getFileSystem().view().list(v.canonicalNames())) {
            Path child = v.toAbsolutePath().normalize().resolve(n.name());
            if (filter.accept(child)) {
                children.add(child);
            }
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return children.iterator();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw new AccessDeniedException(dir.toString(), null, "folders cannot be created");
    }

    @Override
    public void delete(Path path) throws IOException {
        throw new AccessDeniedException(path.toString(), null, "files cannot be deleted here");
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        throw new AccessDeniedException(source.toString(), target.toString(), "copying is not allowed");
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        VirtualPath from = virtual(source);
        from.getFileSystem().stillSignedIn().check(from.toString());
        from.getFileSystem()
                .uploads()
                .rename(from.canonicalNames(), virtual(target).canonicalNames());
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        throw new AccessDeniedException(link.toString(), null, "links are not supported");
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        throw new AccessDeniedException(link.toString(), null, "links are not supported");
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        throw new java.nio.file.NotLinkException(link.toString());
    }

    @Override
    public boolean isSameFile(Path path, Path path2) {
        return virtual(path).canonicalNames().equals(virtual(path2).canonicalNames());
    }

    @Override
    public boolean isHidden(Path path) {
        return false;
    }

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("no file store in the virtual tree");
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        Node node = node(path);
        for (AccessMode mode : modes) {
            boolean allowed = switch (mode) {
                case READ -> true;
                case WRITE -> node instanceof Node.Folder f && f.writable();
                case EXECUTE -> node instanceof Node.Folder;
            };
            if (!allowed) {
                throw new AccessDeniedException(path.toString());
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> @Nullable V getFileAttributeView(
            Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        return (V) new BasicFileAttributeView() {
            @Override
            public String name() {
                return "basic";
            }

            @Override
            public BasicFileAttributes readAttributes() throws IOException {
                return new NodeAttributes(node(path));
            }

            @Override
            public void setTimes(@Nullable FileTime modified, @Nullable FileTime access, @Nullable FileTime create) {
                // Clients set times after an upload; the appliance keeps its own times, so this is a no-op.
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        if (type == BasicFileAttributes.class || type == PosixFileAttributes.class) {
            return (A) new NodeAttributes(node(path));
        }
        throw new UnsupportedOperationException("attributes " + type.getSimpleName() + " are not available");
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        String view = attributes.contains(":") ? attributes.substring(0, attributes.indexOf(':')) : "basic";
        if (!view.equals("basic") && !view.equals("posix")) {
            throw new UnsupportedOperationException("attribute view " + view + " is not available");
        }
        return new NodeAttributes(node(path)).asMap(view.equals("posix"));
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        // Permission and time changes from clients are ignored: the tree is not theirs to change.
    }
}
