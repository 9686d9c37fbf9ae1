package jp.kakehashi.appliance.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits), the format every
 * authenticator app reads. Pure arithmetic: which step a code was used for, and so whether it is
 * a replay, is kept by {@link SecondFactors}, in the database.
 */
public final class Totp {
    static final int SECRET_BYTES = 20;
    static final long STEP_SECONDS = 30;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Totp() {}

    /** A new random secret, as base32 (what the enrolment page shows and the QR code carries). */
    public static String newSecret(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return base32(secret);
    }

    /**
     * The step {@code code} is right for, trying one step either side of {@code nowStep} for clock
     * drift (ATTACKS F-15); empty for a wrong or malformed code.
     */
    static OptionalLong matchingStep(byte[] secret, String code, long nowStep) {
        String digits = code.strip().replace(" ", "");
        if (!digits.matches("[0-9]{6}")) {
            return OptionalLong.empty();
        }
        OptionalLong found = OptionalLong.empty();
        // Every candidate is computed and compared, so the time taken does not say which one matched.
        for (long step = nowStep - 1; step <= nowStep + 1; step++) {
            if (MessageDigest.isEqual(
                            code(secret, step).getBytes(StandardCharsets.US_ASCII),
                            digits.getBytes(StandardCharsets.US_ASCII))
                    && found.isEmpty()) {
                found = OptionalLong.of(step);
            }
        }
        return found;
    }

    static long step(Instant now) {
        return now.getEpochSecond() / STEP_SECONDS;
    }

    /** The code of {@code secret} for a time step. */
    public static String code(byte[] secret, long step) {
        HMac mac = new HMac(new SHA1Digest());
        mac.init(new KeyParameter(secret));
        byte[] counter = ByteBuffer.allocate(8).putLong(step).array();
        mac.update(counter, 0, counter.length);
        byte[] hash = new byte[mac.getMacSize()];
        mac.doFinal(hash, 0);
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
    }

    public static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** @throws IllegalArgumentException for a character outside the base32 alphabet */
    public static byte[] fromBase32(String text) {
        ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = BASE32.indexOf(text.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not base32 at character " + (i + 1));
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }

    /** The otpauth URI an authenticator app reads from the QR code. */
    public static String uri(String issuer, String account, String secretBase32) {
        return "otpauth://totp/" + issuer + ":" + account + "?secret=" + secretBase32 + "&issuer=" + issuer
                + "&algorithm=SHA1&digits=6&period=30";
    }
}
