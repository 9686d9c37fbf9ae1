package jp.kakehashi.appliance;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An authenticator app, as a person's phone computes it: RFC 6238 (HMAC-SHA1, 30 s, 6 digits). */
final class Authenticator {
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Authenticator() {}

    /** The code for the current 30-second step of the secret shown at enrolment (base32). */
    static String code(String base32) throws Exception {
        return code(base32, step());
    }

    /** The current 30-second step. */
    static long step() {
        return Instant.now().getEpochSecond() / 30;
    }

    /**
     * A code the appliance has not seen yet for this authenticator. The appliance accepts the
     * steps either side of now (clock drift) and each step once, in order; so the previous step's
     * code is used first, then the current one's, then the next one's, and only a fourth sign-in
     * within one step waits for the clock. What was used is kept per secret: every enrolment
     * makes a new one, so a fresh appliance never waits for codes another test used.
     */
    static synchronized String fresh(String base32) throws Exception {
        if (30_000 - Instant.now().toEpochMilli() % 30_000 < 3_000) {
            // So close to the next step that the previous step's code could expire on the way.
            Thread.sleep(30_000 - Instant.now().toEpochMilli() % 30_000 + 200);
        }
        long step = Math.max(step() - 1, USED.getOrDefault(base32, -1L) + 1);
        while (step > step() + 1) {
            // Both codes the appliance accepts now were used: wait for the next step.
            Thread.sleep(30_000 - (Instant.now().toEpochMilli() % 30_000) + 200);
        }
        USED.put(base32, step);
        return code(base32, step);
    }

    private static final java.util.Map<String, Long> USED = new java.util.concurrent.ConcurrentHashMap<>();

    static String code(String base32, long step) throws Exception {
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : base32.toCharArray()) {
            buffer = (buffer << 5) | BASE32.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                key.write(buffer >> (bits - 8));
                bits -= 8;
            }
        }
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key.toByteArray(), "HmacSHA1"));
        byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int o = h[h.length - 1] & 0x0f;
        int v = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
        return String.format("%06d", v % 1_000_000);
    }
}
