package jp.kakehashi.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits), the format every
 * authenticator app reads. One step either side is accepted for clock drift (ATTACKS F-15), and a
 * code is accepted once only: a step used by an account cannot be used again.
 */
final class Totp {
    static final int SECRET_BYTES = 20;
    private static final long STEP_SECONDS = 30;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Clock clock;
    private final Map<String, Long> lastStep = new ConcurrentHashMap<>();

    Totp(Clock clock) {
        this.clock = clock;
    }

    static byte[] newSecret(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    /** True if {@code code} is right for now (±1 step) and this account has not used that step before. */
    boolean verify(String account, byte[] secret, String code) {
        String digits = code.strip().replace(" ", "");
        if (!digits.matches("[0-9]{6}")) {
            return false;
        }
        long now = clock.instant().getEpochSecond() / STEP_SECONDS;
        for (long step = now - 1; step <= now + 1; step++) {
            if (constantTimeEquals(code(secret, step), digits)) {
                return claim(account, step);
            }
        }
        return false;
    }

    /** Records {@code step} as used by the account; false if it, or a later step, was used already. */
    private boolean claim(String account, long step) {
        boolean[] fresh = {false};
        lastStep.compute(account, (name, previous) -> {
            if (previous == null || step > previous) {
                fresh[0] = true;
                return step;
            }
            return previous;
        });
        return fresh[0];
    }

    /** The code of {@code secret} for a time step. */
    static String code(byte[] secret, long step) {
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

    /** The code for the current step (tests and the enrolment page's self-check). */
    String now(byte[] secret) {
        return code(secret, clock.instant().getEpochSecond() / STEP_SECONDS);
    }

    static String base32(byte[] bytes) {
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

    static byte[] fromBase32(String text) {
        ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = BASE32.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("not base32: " + c);
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
    static String uri(String issuer, String account, byte[] secret) {
        return "otpauth://totp/" + issuer + ":" + account + "?secret=" + base32(secret) + "&issuer=" + issuer
                + "&algorithm=SHA1&digits=6&period=30";
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
