package jp.kakehashi.appliance.update;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jp.kakehashi.web.pages.Format;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Writes and reads update bundles (format in {@code package-info}). Reading checks, in this order
 * and before anything is used: the format, a trusted signature over the manifest, the product, the
 * payload's size against the file's, then the payload's hash while it streams; unpacking refuses any
 * entry that could land outside the release directory.
 */
public final class UpdateBundle {
    static final String MAGIC = "kakehashi-update/1";
    /** A release is a few hundred MB unpacked; a payload that claims more is refused, not unpacked. */
    static final long MAX_UNPACKED = 4L << 30;

    private static final int MAX_LINE = 8192;
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");

    private UpdateBundle() {}

    /** Packs the release directory (its {@code VERSION} names the version) and signs it. */
    public static UpdateManifest write(Path release, Path privateKey, Path output) throws IOException {
        Version version = Release.versionOf(release);
        Release.requireComplete(release);
        Path payload = Files.createTempFile(output.toAbsolutePath().getParent(), ".payload", ".tar.gz");
        try {
            pack(release, payload);
            return sign(payload, version, privateKey, output);
        } finally {
            Files.deleteIfExists(payload);
        }
    }

    /** Writes the bundle of a packed payload: the header, the signed manifest, then the payload. */
    static UpdateManifest sign(Path payload, Version version, Path privateKey, Path output) throws IOException {
        UpdateManifest manifest =
                new UpdateManifest(UpdateManifest.PRODUCT, version, Files.size(payload), sha256(payload));
        byte[] json = manifest.toJson();
        byte[] signature = UpdateKeys.sign(UpdateKeys.loadPrivate(privateKey), json);
        try (OutputStream out = Files.newOutputStream(output)) {
            out.write((MAGIC + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.write(
                    ("\n" + Base64.getEncoder().encodeToString(signature) + "\n").getBytes(StandardCharsets.US_ASCII));
            Files.copy(payload, out);
        }
        return manifest;
    }

    /** Checks the whole bundle without unpacking it; returns what it holds. */
    public static UpdateManifest verify(Path bundle, Path trustedKeys) {
        return verify(bundle, UpdateKeys.trusted(trustedKeys));
    }

    static UpdateManifest verify(Path bundle, List<Ed25519PublicKeyParameters> keys) {
        return read(bundle, keys, null);
    }

    /**
     * Verifies the bundle and unpacks its payload into {@code target} (which must not exist) in the
     * same pass. When the payload turns out not to match its signed hash, the caller deletes
     * {@code target}: nothing of it has been used.
     */
    static UpdateManifest unpack(Path bundle, List<Ed25519PublicKeyParameters> keys, Path target) {
        return read(bundle, keys, target);
    }

    private static UpdateManifest read(
            Path bundle, List<Ed25519PublicKeyParameters> keys, @org.jspecify.annotations.Nullable Path target) {
        if (keys.isEmpty()) {
            throw new UpdateRefused(UpdateRefused.Reason.NO_TRUSTED_KEY, String.valueOf(UpdateKeys.TRUSTED));
        }
        try (InputStream file = new BufferedInputStream(Files.newInputStream(bundle))) {
            byte[] magic = line(file);
            if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new UpdateRefused(UpdateRefused.Reason.MALFORMED, "not a Kakehashi update bundle: " + bundle);
            }
            byte[] json = line(file);
            byte[] signatureLine = line(file);
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(signatureLine);
            } catch (IllegalArgumentException e) {
                throw new UpdateRefused(UpdateRefused.Reason.MALFORMED, "signature line");
            }
            if (!UpdateKeys.verify(keys, json, signature)) {
                throw new UpdateRefused(
                        UpdateRefused.Reason.BAD_SIGNATURE, bundle.getFileName().toString());
            }
            UpdateManifest manifest = UpdateManifest.parse(json);
            if (!UpdateManifest.PRODUCT.equals(manifest.product())) {
                throw new UpdateRefused(UpdateRefused.Reason.WRONG_PRODUCT, manifest.product());
            }
            long header = magic.length + json.length + signatureLine.length + 3L;
            long actual = Files.size(bundle) - header;
            if (actual < manifest.payloadBytes()) {
                throw new UpdateRefused(
                        UpdateRefused.Reason.TRUNCATED,
                        Format.size(actual) + " / " + Format.size(manifest.payloadBytes()));
            }
            if (actual > manifest.payloadBytes()) {
                throw new UpdateRefused(UpdateRefused.Reason.CORRUPT, "extra bytes after the payload");
            }
            MessageDigest digest = sha256();
            Counting counted = new Counting(new DigestInputStream(file, digest));
            if (target != null) {
                unpackTar(counted, target);
            }
            counted.transferTo(OutputStream.nullOutputStream());
            String hash = HexFormat.of().formatHex(digest.digest());
            if (counted.count != manifest.payloadBytes()) {
                throw new UpdateRefused(
                        UpdateRefused.Reason.TRUNCATED, counted.count + " of " + manifest.payloadBytes());
            }
            if (!hash.equals(manifest.payloadSha256())) {
                throw new UpdateRefused(UpdateRefused.Reason.CORRUPT, "payload sha256 " + hash);
            }
            return manifest;
        } catch (IOException e) {
            throw new UpdateRefused(UpdateRefused.Reason.CORRUPT, bundle.getFileName() + ": " + e.getMessage());
        }
    }

    private static byte[] line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.size() >= MAX_LINE) {
                throw new UpdateRefused(UpdateRefused.Reason.MALFORMED, "header");
            }
            line.write(b);
        }
        return line.toByteArray();
    }

    private static void pack(Path release, Path payload) throws IOException {
        try (OutputStream out = Files.newOutputStream(payload);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
                Stream<Path> walk = Files.walk(release)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            // Sorted names, fixed owner, times and modes: the same release gives the same bundle.
            for (Path path : walk.sorted().toList()) {
                if (path.equals(release)) {
                    continue;
                }
                String name = release.relativize(path).toString().replace('\\', '/');
                TarArchiveEntry entry;
                if (Files.isSymbolicLink(path)) {
                    entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(path).toString());
                    entry.setMode(0120777);
                } else if (Files.isDirectory(path)) {
                    entry = new TarArchiveEntry(name + "/");
                    entry.setMode(040755);
                } else {
                    entry = new TarArchiveEntry(name);
                    entry.setSize(Files.size(path));
                    entry.setMode(Files.isExecutable(path) ? 0100755 : 0100644);
                }
                entry.setModTime(new Date(0));
                entry.setIds(0, 0);
                entry.setNames("root", "root");
                tar.putArchiveEntry(entry);
                if (entry.getLinkFlag() == TarArchiveEntry.LF_NORMAL) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static void unpackTar(InputStream payload, Path target) throws IOException {
        Files.createDirectory(target);
        Path root = target.toAbsolutePath().normalize();
        long total = 0;
        // Not closed: closing would close the bundle before its tail is hashed.
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(payload));
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            String name = entry.getName();
            Path path = root.resolve(name).normalize();
            if (name.startsWith("/") || name.contains("\\") || !path.startsWith(root) || path.equals(root)) {
                throw new UpdateRefused(UpdateRefused.Reason.UNSAFE_ENTRY, name);
            }
            Path parent = path.getParent();
            if (parent != null && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(parent);
            }
            if (entry.isLink() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                throw new UpdateRefused(UpdateRefused.Reason.UNSAFE_ENTRY, name + " (hard link or device)");
            }
            if (entry.isDirectory()) {
                Files.createDirectories(path);
            } else if (entry.isSymbolicLink()) {
                // jlink's legal/ notices are relative links to files unpacked before them. A link must
                // point at something already inside the release, judged by its real path: a lexical
                // check is fooled by ".." after another link.
                Path link = Path.of(entry.getLinkName());
                Path parentDir = parent == null ? root : parent;
                Path pointee = parentDir.resolve(link);
                if (link.isAbsolute()
                        || !Files.exists(pointee)
                        || !pointee.toRealPath().startsWith(root.toRealPath())) {
                    throw new UpdateRefused(UpdateRefused.Reason.UNSAFE_ENTRY, name + " -> " + link);
                }
                Files.createSymbolicLink(path, link);
            } else if (entry.getLinkFlag() == TarArchiveEntry.LF_NORMAL
                    || entry.getLinkFlag() == TarArchiveEntry.LF_OLDNORM) {
                total += entry.getSize();
                if (total > MAX_UNPACKED) {
                    throw new UpdateRefused(UpdateRefused.Reason.UNSAFE_ENTRY, "more than 4 GB unpacked");
                }
                if (parent != null && !parent.toRealPath().startsWith(root.toRealPath())) {
                    throw new UpdateRefused(UpdateRefused.Reason.UNSAFE_ENTRY, name);
                }
                Files.copy(tar, path);
                Files.setPosixFilePermissions(path, (entry.getMode() & 0100) != 0 ? EXECUTABLE : PLAIN);
            } else {
                throw new UpdateRefused(
                        UpdateRefused.Reason.UNSAFE_ENTRY, name + " (type " + entry.getLinkFlag() + ")");
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Counts what the payload's readers take. Neither mark nor skip: the gzip reader looks ahead with
     * mark/reset when it may, which would hash bytes twice, and a skip would hash none.
     */
    private static final class Counting extends FilterInputStream {
        long count;

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(n, 8192)];
            int read = read(sink, 0, sink.length);
            return Math.max(read, 0);
        }

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
