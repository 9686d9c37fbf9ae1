package jp.kakehashi.appliance.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import jp.kakehashi.appliance.base.DataDir;
import jp.kakehashi.appliance.identity.PasswordHasher;
import jp.kakehashi.appliance.identity.PasswordRules;
import jp.kakehashi.appliance.store.Fsync;
import jp.kakehashi.appliance.store.MasterKey;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The appliance's keys ({@code keys/}: the master key, the audit signing key, the TLS and SSH host
 * keys) in one file for the safe, wrapped under an operator's passphrase: Argon2id (64 MiB, 3
 * passes) derives an AES-256-GCM key; the format, the KDF's parameters and the salt are the
 * additional data, so none of them can be altered unnoticed. Backups never hold these keys: a
 * stolen backup is ciphertext, and a restore needs this file and its passphrase.
 */
public final class KeyFile {
    static final String FORMAT = "kakehashi-keys/1";
    private static final int MEMORY_KIB = 65_536;
    private static final int ITERATIONS = 3;
    private static final int PARALLELISM = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The key files by name, as they lie in {@code keys/}. */
    public record Keys(Map<String, byte[]> files) {
        public Keys {
            files = Map.copyOf(files);
        }

        /** The master key that unwraps every blob's key. */
        public MasterKey masterKey(DataDir layout) {
            byte[] bytes = files.get(layout.masterKey().getFileName().toString());
            if (bytes == null) {
                throw new BackupRefused(BackupRefused.Reason.NOT_A_KEY_FILE, "it holds no master key");
            }
            return MasterKey.of(bytes);
        }

        /** The audit key's public half (Base64), which signs every snapshot's manifest. */
        public String auditPublicKey(DataDir layout) {
            byte[] file = files.get(layout.auditKey().getFileName().toString());
            if (file == null) {
                throw new BackupRefused(BackupRefused.Reason.NOT_A_KEY_FILE, "it holds no audit signing key");
            }
            byte[] raw = Base64.getDecoder().decode(new String(file, StandardCharsets.US_ASCII).strip());
            return Base64.getEncoder()
                    .encodeToString(new Ed25519PrivateKeyParameters(raw, 0)
                            .generatePublicKey()
                            .getEncoded());
        }
    }

    private KeyFile() {}

    /** Writes the keys of {@code data} to {@code out} (owner-only), wrapped under {@code passphrase}. */
    public static void export(DataDir data, Path out, char[] passphrase, SecureRandom random) {
        PasswordRules.check(passphrase, "kakehashi").ifPresent(p -> {
            throw new BackupRefused(BackupRefused.Reason.WEAK_PASSPHRASE, p.ja() + " / " + p.en());
        });
        Map<String, byte[]> files = read(data.keys());
        if (!files.containsKey(data.masterKey().getFileName().toString())) {
            throw new BackupRefused(
                    BackupRefused.Reason.NO_KEYS, data.masterKey().toString());
        }
        byte[] salt = new byte[16];
        byte[] nonce = new byte[12];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        ObjectNode plain = JSON.createObjectNode();
        ObjectNode named = plain.putObject("files");
        files.forEach((name, bytes) -> named.put(name, Base64.getEncoder().encodeToString(bytes)));
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("format", FORMAT);
        envelope.putObject("kdf")
                .put("name", "argon2id")
                .put("memoryKib", MEMORY_KIB)
                .put("iterations", ITERATIONS)
                .put("parallelism", PARALLELISM)
                .put("salt", Base64.getEncoder().encodeToString(salt));
        envelope.put("nonce", Base64.getEncoder().encodeToString(nonce));
        try {
            byte[] key = PasswordHasher.argon2id(passphrase, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, nonce, additionalData(envelope))
                    .doFinal(JSON.writeValueAsBytes(plain));
            envelope.put("ciphertext", Base64.getEncoder().encodeToString(sealed));
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope));
            Fsync.file(tmp);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException(
                    "cannot write the key file " + out + ": its folder does not exist" + " (鍵ファイルの書き出し先のフォルダがありません)",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key file " + out + ": " + e.getMessage(), e);
        }
    }

    /** Opens a key file with its passphrase. */
    public static Keys open(Path file, char[] passphrase) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BackupRefused(BackupRefused.Reason.NOT_A_KEY_FILE, file + ": " + e.getMessage());
        }
        JsonNode kdf = envelope.path("kdf");
        if (!FORMAT.equals(envelope.path("format").asText())
                || !"argon2id".equals(kdf.path("name").asText())) {
            throw new BackupRefused(BackupRefused.Reason.NOT_A_KEY_FILE, file.toString());
        }
        int memory = kdf.path("memoryKib").asInt();
        int iterations = kdf.path("iterations").asInt();
        int parallelism = kdf.path("parallelism").asInt();
        // Bounds, so that an altered file cannot make the reader spend gigabytes or hours.
        if (memory < 8 || memory > 1 << 21 || iterations < 1 || iterations > 16 || parallelism < 1 || parallelism > 8) {
            throw new BackupRefused(BackupRefused.Reason.NOT_A_KEY_FILE, file + ": KDF parameters out of range");
        }
        try {
            byte[] salt = Base64.getDecoder().decode(kdf.path("salt").asText());
            byte[] nonce = Base64.getDecoder().decode(envelope.path("nonce").asText());
            byte[] sealed =
                    Base64.getDecoder().decode(envelope.path("ciphertext").asText());
            byte[] key = PasswordHasher.argon2id(passphrase, salt, memory, iterations, parallelism);
            byte[] plain = cipher(Cipher.DECRYPT_MODE, key, nonce, additionalData(envelope))
                    .doFinal(sealed);
            Map<String, byte[]> files = new TreeMap<>();
            JSON.readTree(plain)
                    .path("files")
                    .properties()
                    .forEach(e -> files.put(
                            e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
            return new Keys(files);
        } catch (AEADBadTagException e) {
            throw new BackupRefused(BackupRefused.Reason.WRONG_PASSPHRASE, file.toString());
        } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
            throw new BackupRefused(BackupRefused.Reason.NOT_A_KEY_FILE, file + ": " + e.getMessage());
        }
    }

    /**
     * Puts the keys into {@code data}'s {@code keys/} (owner-only). A key already there with other
     * bytes is never overwritten; the same bytes are left as they are.
     */
    public static void install(Keys keys, DataDir data) {
        Path dir = data.keys();
        for (Map.Entry<String, byte[]> e : keys.files().entrySet()) {
            Path target = dir.resolve(e.getKey());
            try {
                if (Files.exists(target) && !MessageDigest.isEqual(Files.readAllBytes(target), e.getValue())) {
                    throw new BackupRefused(BackupRefused.Reason.KEYS_EXIST, target.toString());
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + target, ex);
            }
        }
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            for (Map.Entry<String, byte[]> e : keys.files().entrySet()) {
                Path target = dir.resolve(e.getKey());
                if (Files.exists(target)) {
                    continue;
                }
                Files.createFile(
                        target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(target, e.getValue());
                Fsync.file(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the keys into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, byte[]> read(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(Files::isRegularFile).sorted().toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keys in " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static byte[] additionalData(JsonNode envelope) {
        JsonNode kdf = envelope.path("kdf");
        return String.join(
                        "|",
                        envelope.path("format").asText(),
                        kdf.path("name").asText(),
                        kdf.path("memoryKib").asText(),
                        kdf.path("iterations").asText(),
                        kdf.path("parallelism").asText(),
                        kdf.path("salt").asText())
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        Arrays.fill(key, (byte) 0);
        return c;
    }
}
