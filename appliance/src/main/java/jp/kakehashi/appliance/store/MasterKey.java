package jp.kakehashi.appliance.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that wraps every blob's own key: 32 random bytes in a file readable only by the
 * appliance's user. Without it nothing in the blob store can be read; there is no plaintext
 * fallback (ATTACKS F-13).
 */
public final class MasterKey {
    private static final int LENGTH = 32;
    private static final byte[] CHECK_TEXT = "kakehashi master key check v1".getBytes(StandardCharsets.US_ASCII);
    private final SecretKey key;

    private MasterKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
    }

    SecretKey secretKey() {
        return key;
    }

    /** A key from its 32 bytes (a key file from {@code kakehashi keys export}). */
    public static MasterKey of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new StoreException("a master key is " + LENGTH + " bytes, this one " + bytes.length);
        }
        return new MasterKey(bytes.clone());
    }

    /**
     * Whether this is the key whose check value a database recorded ({@link #recordedIn}); a
     * database that recorded none matches any key.
     */
    public boolean matches(Optional<String> recorded) {
        return recorded.isEmpty()
                || MessageDigest.isEqual(
                        recorded.get().getBytes(StandardCharsets.US_ASCII),
                        checkValue().getBytes(StandardCharsets.US_ASCII));
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

    /**
     * The key of the data in {@code db}, created on first start. Once the data records a key's
     * check value, a missing file is refused rather than replaced: a new key would leave every
     * stored file unreadable.
     *
     * @throws StoreException naming the file when it is missing, unreadable or not the data's key
     */
    public static MasterKey forData(Database db, Path file, SecureRandom random) {
        if (!Files.exists(file) && recorded(db).isEmpty()) {
            MasterKey key = generate(file, random);
            key.verify(db, file);
            return key;
        }
        return loadFor(db, file);
    }

    /**
     * Reads the key file and checks it against the data in {@code db}: a key restored from another
     * appliance or another backup is named at start, not discovered when the first file fails to
     * decrypt. The first key the data meets is recorded as its own.
     *
     * @throws StoreException naming the file when it is missing, unreadable or not the data's key
     */
    public static MasterKey loadFor(Database db, Path file) {
        if (!Files.exists(file) && recorded(db).isEmpty()) {
            throw new StoreException("master key " + file + " does not exist yet; `kakehashi up` creates it on first"
                    + " start. マスター鍵がまだありません。先に kakehashi up で一度起動してください。");
        }
        if (!Files.exists(file)) {
            throw new StoreException("master key " + file + " is missing, but the data was written with it;"
                    + " restore the key from backup (a new key would leave every stored file unreadable)."
                    + " マスター鍵 " + file + " がありません。バックアップから復元してください。");
        }
        MasterKey key = load(file);
        key.verify(db, file);
        return key;
    }

    private void verify(Database db, Path file) {
        String mine = checkValue();
        String recorded = db.transaction(c -> {
            Optional<String> found = recorded(c);
            if (found.isPresent()) {
                return found.get();
            }
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO key_checks (name, value) VALUES ('master', ?)")) {
                insert.setString(1, mine);
                insert.executeUpdate();
            }
            return mine;
        });
        if (!MessageDigest.isEqual(
                recorded.getBytes(StandardCharsets.US_ASCII), mine.getBytes(StandardCharsets.US_ASCII))) {
            throw new StoreException("master key " + file + " is not the key this data was written with"
                    + " (its check value differs); restore the right key from backup."
                    + " マスター鍵 " + file + " がこのデータのものと一致しません。正しい鍵をバックアップから復元してください。");
        }
    }

    private static Optional<String> recorded(Database db) {
        return db.read(MasterKey::recorded);
    }

    /** The check value of the key the data in {@code c} was written with, if one was recorded. */
    public static Optional<String> recordedIn(Connection c) throws SQLException {
        return recorded(c);
    }

    private static Optional<String> recorded(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT value FROM key_checks WHERE name = 'master'")) {
            return Database.rows(select, rs -> rs.getString(1)).stream().findFirst();
        }
    }

    private String checkValue() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(CHECK_TEXT));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
