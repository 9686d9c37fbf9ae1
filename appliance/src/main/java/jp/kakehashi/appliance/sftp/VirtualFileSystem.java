package jp.kakehashi.appliance.sftp;

import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.file.util.BaseFileSystem;
import org.jspecify.annotations.Nullable;

/** One SFTP session's view: the account's virtual tree behind the NIO file-system API MINA uses. */
final class VirtualFileSystem extends BaseFileSystem<VirtualPath> {
    private final SftpView view;
    private final SftpUploads uploads;
    private final StillSignedIn stillSignedIn;
    private volatile boolean open = true;

    VirtualFileSystem(
            VirtualFileSystemProvider provider, SftpView view, SftpUploads uploads, StillSignedIn stillSignedIn) {
        super(provider);
        this.view = view;
        this.uploads = uploads;
        this.stillSignedIn = stillSignedIn;
    }

    StillSignedIn stillSignedIn() {
        return stillSignedIn;
    }

    SftpView view() {
        return view;
    }

    SftpUploads uploads() {
        return uploads;
    }

    @Override
    protected VirtualPath create(@Nullable String root, List<String> names) {
        return new VirtualPath(this, root, names);
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic", "posix");
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("no user lookup in the virtual tree");
    }
}
