package jp.kakehashi.appliance.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.SignIn;
import jp.kakehashi.appliance.net.ConnectionCap;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.sanitizer.Escape;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP listener of one zone. Only accounts of that zone log in (others fail exactly like a
 * wrong password), with a registered key or with a password and a TOTP code together, under the
 * lock-out the portals share ({@link SignIn}); only modern algorithms are offered (AES-GCM first, no CBC, no SHA-1 MACs,
 * signatures or key exchanges; MINA negotiates strict key exchange against Terrapin); only the
 * {@code sftp} subsystem exists.
 */
public final class SftpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SftpListener.class);
    static final AttributeRepository.AttributeKey<Account> ACCOUNT = new AttributeRepository.AttributeKey<>();
    /** How the session signed in ({@code method}, and the key's fingerprint for a key), for its audit record. */
    static final AttributeRepository.AttributeKey<Map<String, String>> SIGNED_IN_WITH =
            new AttributeRepository.AttributeKey<>();
    /** The client's address, counted against the per-address cap until the session closes. */
    private static final AttributeRepository.AttributeKey<SocketAddress> REMOTE =
            new AttributeRepository.AttributeKey<>();

    private static final List<String> CIPHERS = List.of(
            "aes128-gcm@openssh.com",
            "aes256-gcm@openssh.com",
            "chacha20-poly1305@openssh.com",
            "aes128-ctr",
            "aes192-ctr",
            "aes256-ctr");
    private static final List<String> MACS =
            List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512");

    private final SshServer server;
    private final Zone zone;

    private SftpListener(SshServer server, Zone zone) {
        this.server = server;
        this.zone = zone;
    }

    /** Starts the listener of {@code zone} on {@code host:port} (port 0 picks a free one). */
    public static SftpListener start(
            Zone zone, String host, int port, Path hostKey, boolean readOnly, SftpBackend backend, ConnectionCap cap)
            throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(host);
        sshd.setPort(port);
        sshd.setKeyPairProvider(new FileKeyPairProvider(ensureHostKey(hostKey)));
        sshd.setCipherFactories(sshd.getCipherFactories().stream()
                .filter(f -> CIPHERS.contains(f.getName()))
                .toList());
        sshd.setMacFactories(sshd.getMacFactories().stream()
                .filter(f -> MACS.contains(f.getName()))
                .toList());
        sshd.setKeyExchangeFactories(sshd.getKeyExchangeFactories().stream()
                .filter(f -> modern(f.getName()))
                .toList());
        sshd.setSignatureFactories(sshd.getSignatureFactories().stream()
                .filter(f ->
                        !f.getName().equals("ssh-rsa") && !f.getName().startsWith("ssh-dss") && modern(f.getName()))
                .toList());
        // No "password" method: a password alone never signs in (ISSUE 21). A password comes with
        // the TOTP code in one keyboard-interactive round, or the client proves a registered key.
        sshd.setUserAuthFactories(
                List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthKeyboardInteractiveFactory.INSTANCE));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(new PasswordAndCode(zone, backend.signIn()));
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setShellFactory(channel -> new SftpOnlyCommand());
        sshd.setCommandFactory((channel, command) -> new SftpOnlyCommand());
        sshd.setPublickeyAuthenticator((username, key, session) -> switch (backend.signIn()
                .key(username, key, zone, source(session))) {
            case SignIn.Outcome.SignedIn in -> {
                session.setAttribute(ACCOUNT, in.account());
                session.setAttribute(
                        SIGNED_IN_WITH, Map.of("method", "publickey", "key", KeyUtils.getFingerPrint(key)));
                yield true;
            }
            case SignIn.Outcome.Refused refused -> false;
        });
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                // One session per TCP connection; the address is kept, a closed socket has none.
                SocketAddress remote = session.getIoSession().getRemoteAddress();
                session.setAttribute(REMOTE, remote);
                if (!cap.opened(remote)) {
                    session.close(true);
                }
            }

            @Override
            public void sessionClosed(Session session) {
                cap.closed(session.getAttribute(REMOTE));
            }

            @Override
            public void sessionEvent(Session session, Event event) {
                // MINA asks the key authenticator twice for one key (offer, then signature): the
                // success is recorded once, when the session is authenticated.
                Account account = session.getAttribute(ACCOUNT);
                if (event == Event.Authenticated && account != null && session instanceof ServerSession s) {
                    Map<String, String> with = session.getAttribute(SIGNED_IN_WITH);
                    backend.signIn().signedIn(account, zone, source(s), "sftp", with == null ? Map.of() : with);
                }
            }
        });
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, Duration.ofMinutes(15));
        CoreModuleProperties.AUTH_TIMEOUT.set(sshd, Duration.ofMinutes(1));
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(sshd, 6);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(sshd, "Kakehashi");
        // SFTP acknowledges every 32 KiB write with a tiny status packet; with Nagle's algorithm on,
        // those wait for the client's delayed ACK and uploads stall (measured: 100 vs 240 MiB/s).
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);

        VirtualFileSystemProvider provider = new VirtualFileSystemProvider();
        sshd.setFileSystemFactory(new FileSystemFactory() {
            @Override
            public @Nullable Path getUserHomeDir(SessionContext session) {
                return null;
            }

            @Override
            public FileSystem createFileSystem(SessionContext session) throws IOException {
                Account account = session.getAttribute(ACCOUNT);
                if (account == null) {
                    throw new AccessDeniedException("no authenticated account");
                }
                SftpView view = new SftpView(account, backend);
                Accounts.Generation signedIn = backend.accounts()
                        .withGeneration(account.name())
                        .orElseThrow(() -> new AccessDeniedException("no authenticated account"));
                return new VirtualFileSystem(
                        provider,
                        view,
                        new SftpUploads(view, backend),
                        new StillSignedIn(backend.accounts(), signedIn, ending(session)));
            }
        });
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder()
                .withFileSystemAccessor(new Accessor(readOnly))
                .withSftpErrorStatusDataHandler(new SftpErrorStatusDataHandler() {
                    @Override
                    public String resolveErrorMessage(
                            SftpSubsystemEnvironment env, int id, Throwable e, int subStatus, int cmd, Object... args) {
                        // The virtual tree's refusals carry readable reasons meant for the sender; anything
                        // else keeps MINA's generic text, so no internal detail leaks.
                        String message = e instanceof FileSystemException fse && fse.getReason() != null
                                ? fse.getReason()
                                : SftpErrorStatusDataHandler.super.resolveErrorMessage(
                                        env, id, e, subStatus, cmd, args);
                        refused(backend, zone, env.getServerSession(), cmd, e, message);
                        return message;
                    }
                })
                .build();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void closing(ServerSession session, String remoteHandle, Handle localHandle) {
                // Only a close the client asked for completes an upload; a dropped session leaves it to resume.
                if (localHandle instanceof FileHandle file && file.getFileChannel() instanceof UploadChannel upload) {
                    upload.commitOnClose();
                }
            }
        });
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.start();
        log.info("{} SFTP listening on {}:{}", zone.word(), host, sshd.getPort());
        return new SftpListener(sshd, zone);
    }

    /**
     * Ends a session whose account may no longer go on, a moment after the refusal: closed at once,
     * the reply that says why would never reach the client.
     */
    private static Runnable ending(SessionContext context) {
        AtomicBoolean ending = new AtomicBoolean();
        return () -> {
            if (context instanceof Session session && ending.compareAndSet(false, true)) {
                session.getFactoryManager()
                        .getScheduledExecutorService()
                        .schedule(() -> session.close(true), 500, TimeUnit.MILLISECONDS);
            }
        };
    }

    /** Every refused command is evidence (ISSUE 21 §4): the account, the command, the path and the reason. */
    private static void refused(
            SftpBackend backend, Zone zone, ServerSession session, int cmd, Throwable e, String message) {
        Account account = session.getAttribute(ACCOUNT);
        String actor = account == null ? "" : account.name();
        String command = SftpConstants.getCommandMessageName(cmd);
        String path = e instanceof FileSystemException fse && fse.getFile() != null ? fse.getFile() : "";
        String reason = e.getClass().getSimpleName();
        backend.refusals()
                .append(
                        new AuditEvent(
                                AuditType.SFTP_REFUSED,
                                actor,
                                zone.word(),
                                "",
                                Map.of(
                                        "command", command,
                                        "path", Escape.forReport(path.length() > 300 ? path.substring(0, 300) : path),
                                        "reason", reason,
                                        "message", Escape.forReport(message),
                                        "from", source(session))),
                        actor + "|" + zone.word() + "|" + command + "|" + reason);
    }

    static String source(ServerSession session) {
        return session.getClientAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : "";
    }

    private static boolean modern(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !n.contains("sha1") && !n.contains("group1-") && !n.endsWith("group1") && !n.contains("group-exchange");
    }

    /** Creates an ECDSA P-256 host key in OpenSSH format (never Java serialisation) on first start. */
    static Path ensureHostKey(Path file) throws IOException {
        if (Files.exists(file)) {
            return file;
        }
        try {
            KeyPair pair = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "kakehashi host key", null, out);
            }
            return file;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate an SSH host key", e);
        }
    }

    public Zone zone() {
        return zone;
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** Routes file opens to the virtual tree instead of {@code FileChannel}. */
    private static final class Accessor implements SftpFileSystemAccessor {
        private final boolean readOnly;

        Accessor(boolean readOnly) {
            this.readOnly = readOnly;
        }

        @Override
        public SeekableByteChannel openFile(
                SftpSubsystemProxy subsystem,
                FileHandle fileHandle,
                Path file,
                String handle,
                Set<? extends OpenOption> options,
                FileAttribute<?>... attrs)
                throws IOException {
            if (readOnly
                    && (options.contains(java.nio.file.StandardOpenOption.WRITE)
                            || options.contains(java.nio.file.StandardOpenOption.APPEND))) {
                throw new AccessDeniedException(file.toString(), null, "this listener is read-only (読み取り専用です)");
            }
            return file.getFileSystem().provider().newByteChannel(file, options, attrs);
        }

        @Override
        public void setFilePermissions(
                SftpSubsystemProxy subsystem, Path path, Set<PosixFilePermission> perms, LinkOption... options)
                throws IOException {
            throw unchangeable(path);
        }

        @Override
        public void setFileOwner(SftpSubsystemProxy subsystem, Path path, Principal value, LinkOption... options)
                throws IOException {
            throw unchangeable(path);
        }

        @Override
        public void setGroupOwner(SftpSubsystemProxy subsystem, Path path, Principal value, LinkOption... options)
                throws IOException {
            throw unchangeable(path);
        }

        @Override
        public void setFileAccessControl(
                SftpSubsystemProxy subsystem, Path path, List<AclEntry> acl, LinkOption... options) throws IOException {
            throw unchangeable(path);
        }

        /**
         * chmod, chown and ACLs are refused rather than silently ignored, so a client never reports a
         * change that did not happen (times are still accepted and ignored: WinSCP sets them after
         * every upload by default).
         */
        private static AccessDeniedException unchangeable(Path path) {
            return new AccessDeniedException(
                    path.toString(),
                    null,
                    "PERMISSIONS_FIXED: 権限と所有者は変更できません / permissions and owners cannot be changed here");
        }

        @Override
        public void syncFileData(
                SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle, Channel channel) {
            // Uploads are fsynced when they commit; there is nothing to sync before.
        }

        @Override
        public @Nullable FileLock tryLock(
                SftpSubsystemProxy subsystem,
                FileHandle fileHandle,
                Path file,
                String handle,
                Channel channel,
                long position,
                long size,
                boolean shared)
                throws IOException {
            throw new AccessDeniedException(file.toString(), null, "locks are not supported");
        }

        @Override
        public void closeFile(
                SftpSubsystemProxy subsystem,
                FileHandle fileHandle,
                Path file,
                String handle,
                Channel channel,
                Set<? extends OpenOption> options)
                throws IOException {
            channel.close();
        }
    }
}
