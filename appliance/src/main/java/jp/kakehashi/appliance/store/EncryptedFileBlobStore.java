package jp.kakehashi.appliance.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Blobs as files under {@code blobs/ab/cd/<id>}, each encrypted with its own AES-256 key.
 *
 * <pre>
 * header  (72 bytes): "KKH1" | version 1 | wrap nonce (12) | blob key wrapped by the master key (48) | nonce prefix (7)
 * segment (≤ 64 KiB plaintext + 16-byte tag), AES-256-GCM,
 *         nonce = prefix (7) | segment index (4, big-endian) | last-segment flag (1),  AAD = header
 * </pre>
 *
 * <p>Segments make random-access reads cheap (SFTP reads at offsets) and the last-segment flag
 * makes truncation detectable. Writes go to {@code tmp/}, are fsynced, renamed into place and the
 * directory fsynced, so a crash leaves either the whole blob or only a temp file that
 * {@link #removeTemps()} clears at start.
 *
 * <p>Long because the blob format, writing with checkpoints, ranged reads and the checks that detect a
 * damaged or truncated blob belong together.
 */
public final class EncryptedFileBlobStore implements BlobStore {
    static final int SEGMENT = 64 * 1024;
    private static final int TAG = 16;
    private static final byte[] MAGIC = {'K', 'K', 'H', '1'};
    private static final int HEADER = 4 + 1 + 12 + 48 + 7;

    private final Path root;
    private final Path blobs;
    private final Path temp;
    private final MasterKey masterKey;
    private final SecureRandom random;

    public EncryptedFileBlobStore(Path root, MasterKey masterKey, SecureRandom random) {
        this.root = root;
        this.blobs = root.resolve("blobs");
        this.temp = root.resolve("tmp");
        this.masterKey = requireNonNull(masterKey, "masterKey");
        this.random = requireNonNull(random, "random");
        try {
            Fsync.createDirectories(blobs);
            Files.createDirectories(temp);
        } catch (IOException e) {
            throw new StoreException("cannot create blob directories under " + root, e);
        }
    }

    /**
     * Deletes uploads that never committed (a crash mid-write), at start. Returns how many.
     *
     * @throws StoreException when the temporary folder cannot be cleaned
     */
    public int removeTemps() {
        int removed = 0;
        try (var files = Files.list(temp)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
                removed++;
            }
        } catch (IOException e) {
            throw new StoreException("cannot clean incomplete uploads in " + temp, e);
        }
        return removed;
    }

    @Override
    public BlobWriter create() throws IOException {
        BlobId id = BlobId.random(random);
        Path tmp = temp.resolve(id.value() + ".part");
        byte[] blobKey = new byte[32];
        random.nextBytes(blobKey);
        byte[] header = header(blobKey);
        FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.wrap(header));
        return new Writer(id, tmp, channel, new SecretKeySpec(blobKey, "AES"), header);
    }

    private byte[] header(byte[] blobKey) {
        try {
            byte[] wrapNonce = new byte[12];
            random.nextBytes(wrapNonce);
            Cipher wrap = Cipher.getInstance("AES/GCM/NoPadding");
            wrap.init(Cipher.ENCRYPT_MODE, masterKey.secretKey(), new GCMParameterSpec(128, wrapNonce));
            wrap.updateAAD(MAGIC);
            byte[] wrapped = wrap.doFinal(blobKey);
            byte[] prefix = new byte[7];
            random.nextBytes(prefix);
            return ByteBuffer.allocate(HEADER)
                    .put(MAGIC)
                    .put((byte) 1)
                    .put(wrapNonce)
                    .put(wrapped)
                    .put(prefix)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new StoreException("AES-GCM is not available in this JDK", e);
        }
    }

    private SecretKey unwrap(byte[] header, BlobId id) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(header);
        byte[] magic = new byte[4];
        h.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC) || h.get() != 1) {
            throw new IOException("blob " + id + " has an unknown header");
        }
        byte[] wrapNonce = new byte[12];
        byte[] wrapped = new byte[48];
        h.get(wrapNonce).get(wrapped);
        try {
            Cipher unwrap = Cipher.getInstance("AES/GCM/NoPadding");
            unwrap.init(Cipher.DECRYPT_MODE, masterKey.secretKey(), new GCMParameterSpec(128, wrapNonce));
            unwrap.updateAAD(MAGIC);
            return new SecretKeySpec(unwrap.doFinal(wrapped), "AES");
        } catch (GeneralSecurityException e) {
            throw new IOException("blob " + id + " cannot be unwrapped: wrong master key or damaged header", e);
        }
    }

    static byte[] nonce(byte[] header, long segment, boolean last) {
        return ByteBuffer.allocate(12)
                .put(header, HEADER - 7, 7)
                .putInt((int) segment)
                .put((byte) (last ? 1 : 0))
                .array();
    }

    private Path folderOf(BlobId id) {
        return requireNonNull(pathOf(id).getParent(), "a blob's folder");
    }

    Path pathOf(BlobId id) {
        return root.resolve(relativePath(id));
    }

    /**
     * Where a blob's file lies under the store's root ({@code blobs/ab/cd/<id>}): a backup keeps
     * the same layout, so a store opened on a backup reads its blobs as they are.
     */
    public static String relativePath(BlobId id) {
        String v = id.value();
        // Text, not a Path: it is resolved on other file systems too (a backup's SFTP server).
        return "blobs/" + v.substring(0, 2) + "/" + v.substring(2, 4) + "/" + v;
    }

    @Override
    public SeekableByteChannel openChannel(BlobId id) throws IOException {
        Path file = pathOf(id);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (header.hasRemaining() && channel.read(header) >= 0) {}
            if (header.hasRemaining()) {
                throw new IOException("blob " + id + " is truncated");
            }
            long cipherBytes = channel.size() - HEADER;
            long segments = Math.max(1, (cipherBytes + SEGMENT + TAG - 1) / (SEGMENT + TAG));
            long plainSize = cipherBytes - segments * TAG;
            if (plainSize < 0) {
                throw new IOException("blob " + id + " is truncated");
            }
            return new ReadChannel(id, channel, unwrap(header.array(), id), header.array(), plainSize, segments);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public InputStream open(BlobId id) throws IOException {
        return Channels.newInputStream(openChannel(id));
    }

    @Override
    public long size(BlobId id) throws IOException {
        try (SeekableByteChannel c = openChannel(id)) {
            return c.size();
        }
    }

    @Override
    public boolean exists(BlobId id) {
        return Files.exists(pathOf(id));
    }

    @Override
    public void delete(BlobId id) throws IOException {
        Files.deleteIfExists(pathOf(id));
    }

    private final class Writer extends BlobWriter {
        private final BlobId id;
        private final Path tmp;
        private final FileChannel channel;
        private final SecretKey key;
        private final byte[] header;
        private final MessageDigest sha256;
        private final Cipher cipher;
        private final byte[] segment = new byte[SEGMENT];
        /** Sealed segments gathered into 1 MiB writes: one system call per 16 segments, not per segment. */
        private final ByteBuffer out = ByteBuffer.allocate(16 * (SEGMENT + TAG));

        private int filled;
        private long index;
        private long written;
        private boolean closed;

        Writer(BlobId id, Path tmp, FileChannel channel, SecretKey key, byte[] header) throws IOException {
            this.id = id;
            this.tmp = tmp;
            this.channel = channel;
            this.key = key;
            this.header = header;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (NoSuchAlgorithmException | javax.crypto.NoSuchPaddingException e) {
                throw new StoreException("SHA-256 or AES-GCM is not available in this JDK", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("blob " + id + " is already closed");
            }
            sha256.update(b, off, len);
            written += len;
            while (len > 0) {
                if (filled == SEGMENT) {
                    // Only now do we know the full segment is not the last one.
                    seal(false);
                }
                int n = Math.min(len, SEGMENT - filled);
                System.arraycopy(b, off, segment, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            if (out.remaining() < SEGMENT + TAG) {
                flushSealed();
            }
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce(header, index, last)));
                cipher.updateAAD(header);
                cipher.doFinal(ByteBuffer.wrap(segment, 0, filled), out);
            } catch (GeneralSecurityException e) {
                throw new StoreException("cannot encrypt blob " + id, e);
            }
            index++;
            filled = 0;
        }

        private void flushSealed() throws IOException {
            out.flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            out.clear();
        }

        @Override
        public long written() {
            return written;
        }

        @Override
        public void checkpoint() throws IOException {
            if (closed) {
                throw new IOException("blob " + id + " is already closed");
            }
            // The segment being filled stays in memory: sealing it now would end the blob there.
            flushSealed();
            channel.force(false);
        }

        @Override
        public StoredBlob commit() throws IOException {
            if (closed) {
                throw new IOException("blob " + id + " is already closed");
            }
            seal(true);
            flushSealed();
            channel.force(true);
            channel.close();
            closed = true;
            Path folder = folderOf(id);
            Path target = folder.resolve(id.value());
            Fsync.createDirectories(folder);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            Fsync.directory(folder);
            return new StoredBlob(id, written, HexFormat.of().formatHex(sha256.digest()));
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                channel.close();
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static final class ReadChannel implements SeekableByteChannel {
        private final BlobId id;
        private final FileChannel file;
        private final SecretKey key;
        private final byte[] header;
        private final long size;
        private final long segments;
        private final Cipher cipher;
        private final ByteBuffer cipherText = ByteBuffer.allocate(SEGMENT + TAG);
        private final ByteBuffer plain = ByteBuffer.allocate(SEGMENT);
        private long cached = -1;
        private long position;

        ReadChannel(BlobId id, FileChannel file, SecretKey key, byte[] header, long size, long segments) {
            this.id = id;
            this.file = file;
            this.key = key;
            this.header = header;
            this.size = size;
            this.segments = segments;
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new StoreException("AES-GCM is not available in this JDK", e);
            }
        }

        /** Fills {@code dst} as far as the blob allows, across segments: SFTP treats short reads as a cue to re-request. */
        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (position >= size) {
                // Empty blobs still carry one authenticated segment: check it once.
                if (size == 0 && cached < 0) {
                    load(0);
                }
                return -1;
            }
            int total = 0;
            while (dst.hasRemaining() && position < size) {
                long segment = position / SEGMENT;
                if (segment != cached) {
                    load(segment);
                }
                int offset = (int) (position - segment * SEGMENT);
                int n = Math.min(dst.remaining(), plain.limit() - offset);
                dst.put(plain.array(), offset, n);
                position += n;
                total += n;
            }
            return total;
        }

        private void load(long segment) throws IOException {
            cipherText.clear();
            long at = HEADER + segment * (SEGMENT + TAG);
            while (cipherText.hasRemaining()) {
                int n = file.read(cipherText, at + cipherText.position());
                if (n < 0) {
                    break;
                }
            }
            cipherText.flip();
            try {
                cipher.init(
                        Cipher.DECRYPT_MODE,
                        key,
                        new GCMParameterSpec(128, nonce(header, segment, segment == segments - 1)));
                cipher.updateAAD(header);
                plain.clear();
                cipher.doFinal(cipherText, plain);
                plain.flip();
                cached = segment;
            } catch (GeneralSecurityException e) {
                throw new IOException(
                        "blob " + id + " segment " + segment + " failed authentication (tampered or truncated)", e);
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            if (newPosition < 0) {
                throw new IllegalArgumentException("position must not be negative");
            }
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long newSize) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
