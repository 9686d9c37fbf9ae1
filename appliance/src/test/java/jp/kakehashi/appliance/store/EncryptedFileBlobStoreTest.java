package jp.kakehashi.appliance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptedFileBlobStoreTest {
    @TempDir
    Path root;

    EncryptedFileBlobStore store;

    @BeforeEach
    void open() {
        store = new EncryptedFileBlobStore(
                root, MasterKey.generate(root.resolve("keys/master.key"), new SecureRandom()), new SecureRandom());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535, 65536, 65537, 3 * 65536, 1_000_003})
    void whatGoesInComesOutWithItsHash(int size) throws Exception {
        byte[] content = bytes(size);
        StoredBlob blob = put(content);
        assertThat(blob.size()).isEqualTo(size);
        assertThat(blob.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        try (InputStream in = store.open(blob.id())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.size(blob.id())).isEqualTo(size);
    }

    /** A paused upload's checkpoints (mid-segment, twice, at a boundary) change nothing of what is stored. */
    @Test
    void checkpointsOnTheWayLeaveTheSameBlobAndHash() throws Exception {
        byte[] content = bytes(5 * 65536 + 333);
        StoredBlob blob;
        try (BlobStore.BlobWriter w = store.create()) {
            w.write(content, 0, 100_000);
            w.checkpoint();
            w.checkpoint();
            w.write(content, 100_000, 3 * 65536 - 100_000);
            w.checkpoint();
            w.write(content, 3 * 65536, content.length - 3 * 65536);
            blob = w.commit();
        }
        assertThat(blob.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        try (InputStream in = store.open(blob.id(), 70_000)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 70_000, content.length));
        }
    }

    @Test
    void readsAtAnyOffsetAndFillsTheBufferAcrossSegments() throws Exception {
        byte[] content = bytes(300_000);
        StoredBlob blob = put(content);
        try (SeekableByteChannel c = store.openChannel(blob.id())) {
            ByteBuffer buffer = ByteBuffer.allocate(100_000);
            c.position(65_000);
            assertThat(c.read(buffer)).isEqualTo(100_000);
            assertThat(buffer.array()).isEqualTo(java.util.Arrays.copyOfRange(content, 65_000, 165_000));
            c.position(299_990);
            assertThat(c.read(ByteBuffer.allocate(64))).isEqualTo(10);
            assertThat(c.read(ByteBuffer.allocate(64))).isEqualTo(-1);
        }
    }

    @Test
    void nothingOnDiskIsPlaintextOrNamedByTheUser() throws Exception {
        byte[] content = "令和八年度 予算見積書 機密".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StoredBlob blob = put(content);
        byte[] onDisk = Files.readAllBytes(store.pathOf(blob.id()));
        assertThat(new String(onDisk, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(content, 0, 30, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(store.pathOf(blob.id()).getFileName().toString()).matches("[0-9a-f]{32}");
        assertThat(Files.getPosixFilePermissions(root.resolve("keys/master.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aFlippedByteFailsAuthentication() throws Exception {
        StoredBlob blob = put(bytes(200_000));
        try (FileChannel f =
                FileChannel.open(store.pathOf(blob.id()), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Invert the byte: writing a fixed value left the ciphertext unchanged one time in 256.
            ByteBuffer one = ByteBuffer.allocate(1);
            f.read(one, 100_000);
            f.write(ByteBuffer.wrap(new byte[] {(byte) ~one.get(0)}), 100_000);
        }
        assertThatThrownBy(() -> store.open(blob.id()).readAllBytes())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("authentication");
    }

    @Test
    void aTruncatedBlobIsDetectedEvenAtASegmentBoundary() throws Exception {
        StoredBlob blob = put(bytes(3 * 65536));
        Path file = store.pathOf(blob.id());
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.WRITE)) {
            f.truncate(Files.size(file) - (65536 + 16));
        }
        assertThatThrownBy(() -> store.open(blob.id()).readAllBytes()).isInstanceOf(IOException.class);
    }

    @Test
    void anotherMasterKeyCannotReadTheBlobs() throws Exception {
        StoredBlob blob = put(bytes(10));
        EncryptedFileBlobStore other = new EncryptedFileBlobStore(
                root, MasterKey.generate(root.resolve("other.key"), new SecureRandom()), new SecureRandom());
        assertThatThrownBy(() -> other.open(blob.id()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("master key");
        assertThatThrownBy(() -> MasterKey.load(root.resolve("missing.key")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("missing.key");
    }

    @Test
    void anUncommittedUploadLeavesNothingBehind() throws Exception {
        try (BlobStore.BlobWriter w = store.create()) {
            w.write(bytes(100_000));
        }
        try (var files = Files.walk(root.resolve("blobs"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
        try (var files = Files.list(root.resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    private StoredBlob put(byte[] content) throws IOException {
        try (BlobStore.BlobWriter w = store.create()) {
            w.write(content);
            return w.commit();
        }
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }
}
