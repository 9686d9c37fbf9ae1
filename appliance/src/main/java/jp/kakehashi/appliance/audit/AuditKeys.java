package jp.kakehashi.appliance.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** The Ed25519 key pair that signs audit checkpoints; the private half never leaves {@code keys/}. */
public final class AuditKeys {
    static final String CONTEXT = "kakehashi-audit/1";
    private final Ed25519PrivateKeyParameters privateKey;

    private AuditKeys(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
    }

    /** Loads the signing key, creating it (owner-only) on first start, and writes the public key beside the log. */
    public static AuditKeys loadOrGenerate(Path privateFile, Path publicFile, SecureRandom random) {
        try {
            Ed25519PrivateKeyParameters key;
            if (Files.exists(privateFile)) {
                byte[] raw = Base64.getDecoder()
                        .decode(Files.readString(privateFile, StandardCharsets.US_ASCII)
                                .strip());
                key = new Ed25519PrivateKeyParameters(raw, 0);
            } else {
                key = new Ed25519PrivateKeyParameters(random);
                Files.createDirectories(privateFile.getParent());
                Files.createFile(
                        privateFile,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(privateFile, Base64.getEncoder().encodeToString(key.getEncoded()) + "\n");
            }
            String pub =
                    Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded()) + "\n";
            if (!Files.exists(publicFile) || !Files.readString(publicFile).equals(pub)) {
                Files.createDirectories(publicFile.getParent());
                Files.writeString(publicFile, pub);
            }
            return new AuditKeys(key);
        } catch (IOException | IllegalArgumentException e) {
            throw new AuditException(
                    "cannot load or create the audit signing key " + privateFile + ": " + e.getMessage(), e);
        }
    }

    /** The public half, Base64, as in {@code audit-public.key}. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(privateKey.generatePublicKey().getEncoded());
    }

    /**
     * Signs a document other than a checkpoint (a backup's manifest). The context names the kind,
     * so that a signature made for one kind is never valid for another, nor for a checkpoint.
     */
    public String signDocument(String context, byte[] document) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        byte[] message = documentMessage(context, document);
        signer.update(message, 0, message.length);
        return Base64.getEncoder().encodeToString(signer.generateSignature());
    }

    /** Whether {@code signature} is {@link #signDocument}'s for this document by the key {@code publicKey} (Base64). */
    public static boolean verifyDocument(String publicKey, String context, byte[] document, String signature) {
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(
                    false, new Ed25519PublicKeyParameters(Base64.getDecoder().decode(publicKey.strip()), 0));
            byte[] message = documentMessage(context, document);
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(Base64.getDecoder().decode(signature.strip()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] documentMessage(String context, byte[] document) {
        byte[] head = (CONTEXT + " document " + context + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[head.length + document.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(document, 0, message, head.length, document.length);
        return message;
    }

    String sign(long seq, String hash) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        byte[] message = message(seq, hash);
        signer.update(message, 0, message.length);
        return Base64.getEncoder().encodeToString(signer.generateSignature());
    }

    static boolean verify(Ed25519PublicKeyParameters publicKey, long seq, String hash, String signature) {
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, publicKey);
            byte[] message = message(seq, hash);
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] message(long seq, String hash) {
        return (CONTEXT + " " + seq + " " + hash).getBytes(StandardCharsets.US_ASCII);
    }
}
