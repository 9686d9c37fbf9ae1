package jp.kakehashi.appliance.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that wraps every blob's own key: 32 random bytes in a file readable only by the
 * appliance's user. Without it nothing in the blob store can be read; there is no plaintext
 * fallback (ATTACKS F-13).
 */
public final class MasterKey {
    private static final int LENGTH = 32;
    private final SecretKey key;

    private MasterKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
    }

    SecretKey secretKey() {
        return key;
    }

    /** Creates the key file with owner-only permissions; refuses to overwrite an existing one. */
    public static MasterKey generate(Path file, SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        try {
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException("master key " + file + " already exists; refusing to overwrite it", e);
        } catch (IOException e) {
            throw new StoreException("cannot create master key " + file + ": " + e.getMessage(), e);
        }
        return new MasterKey(bytes);
    }

    /**
     * Reads the key file.
     *
     * @throws StoreException naming the file when it is missing, unreadable or not 32 bytes
     */
    public static MasterKey load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StoreException(
                    "master key " + file + " cannot be read (" + e.getMessage() + "). マスター鍵を読み込めません。バックアップから復元してください。",
                    e);
        }
        if (bytes.length != LENGTH) {
            throw new StoreException(
                    "master key " + file + " must be " + LENGTH + " bytes, is " + bytes.length + ". マスター鍵ファイルが壊れています。");
        }
        return new MasterKey(bytes);
    }

    /** Loads the key, creating it on first start. */
    public static MasterKey loadOrGenerate(Path file, SecureRandom random) {
        return Files.exists(file) ? load(file) : generate(file, random);
    }
}
