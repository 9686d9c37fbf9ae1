package jp.kakehashi.appliance.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The vendor's Ed25519 keys for update bundles: the private key signs on the build machine and
 * never ships; the appliance trusts the public keys in its read-only root ({@code *.pub}, base64 of
 * the 32 raw bytes, the same form as {@code audit-public.key}). Several may be trusted at once so a
 * key can be rolled over.
 */
public final class UpdateKeys {
    /** Where the image ships the trusted public keys (read-only root filesystem). */
    public static final Path TRUSTED = Path.of("/usr/share/kakehashi/update-keys");

    private static final String CONTEXT = "kakehashi-update/1 ";

    private UpdateKeys() {}

    /** Writes a new key pair: the private key owner-only, the public key beside it. Refuses to overwrite. */
    public static void generate(Path privateFile, Path publicFile, SecureRandom random) throws IOException {
        if (Files.exists(privateFile) || Files.exists(publicFile)) {
            throw new IOException("refusing to overwrite an existing key: " + privateFile + " / " + publicFile);
        }
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(random);
        Path parent = privateFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.createFile(
                privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateFile, Base64.getEncoder().encodeToString(key.getEncoded()) + "\n");
        Files.writeString(
                publicFile,
                Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded()) + "\n");
    }

    static Ed25519PrivateKeyParameters loadPrivate(Path file) throws IOException {
        try {
            return new Ed25519PrivateKeyParameters(decode(file), 0);
        } catch (IllegalArgumentException e) {
            throw new IOException("not an update signing key: " + file, e);
        }
    }

    /** The trusted public keys in {@code dir}; none when it is missing or empty. */
    static List<Ed25519PublicKeyParameters> trusted(Path dir) {
        List<Ed25519PublicKeyParameters> keys = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return keys;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pub")) {
            for (Path file : files) {
                keys.add(new Ed25519PublicKeyParameters(decode(file), 0));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UpdateRefused(UpdateRefused.Reason.NO_TRUSTED_KEY, dir + ": " + e.getMessage());
        }
        return keys;
    }

    static byte[] sign(Ed25519PrivateKeyParameters key, byte[] manifest) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] message = message(manifest);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** True when any of the keys signed the manifest. */
    static boolean verify(List<Ed25519PublicKeyParameters> keys, byte[] manifest, byte[] signature) {
        byte[] message = message(manifest);
        for (Ed25519PublicKeyParameters key : keys) {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, key);
            verifier.update(message, 0, message.length);
            if (verifier.verifySignature(signature)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] message(byte[] manifest) {
        byte[] context = CONTEXT.getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[context.length + manifest.length];
        System.arraycopy(context, 0, message, 0, context.length);
        System.arraycopy(manifest, 0, message, context.length, manifest.length);
        return message;
    }

    private static byte[] decode(Path file) throws IOException {
        return Base64.getDecoder()
                .decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }
}
