package jp.kakehashi.appliance.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals small secrets kept in the database (TOTP secrets) with the master key: AES-256-GCM, a
 * random 96-bit nonce, and a context (the account name) as associated data, so a sealed value
 * copied to another row does not open.
 */
public final class Sealer {
    private static final int NONCE = 12;
    private final MasterKey key;
    private final SecureRandom random;

    public Sealer(MasterKey key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    public String seal(byte[] plain, String context) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(128, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(NONCE + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot seal a secret", e);
        }
    }

    /**
     * Opens a sealed value.
     *
     * @throws StoreException when it was not sealed by this master key for this context
     */
    public byte[] open(String sealed, String context) {
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(128, all, 0, NONCE));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(all, NONCE, all.length - NONCE);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new StoreException("a sealed secret does not open with this master key (" + context + ")", e);
        }
    }
}
