package jp.kakehashi.appliance.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}),
 * with OWASP's minimum parameters. Verification recomputes with the stored parameters, so they
 * can be raised later without invalidating old hashes.
 */
public final class PasswordHasher {
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final int MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int MIN_LENGTH = 12;

    private final SecureRandom random;

    public PasswordHasher(SecureRandom random) {
        this.random = random;
    }

    public String hash(char[] password) {
        if (password.length < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "passwords must be at least " + MIN_LENGTH + " characters (パスワードは" + MIN_LENGTH + "文字以上にしてください)");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] hash = compute(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** True when {@code password} matches {@code phc}; a malformed stored hash never matches. */
    public boolean verify(char[] password, String phc) {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(m.group(4));
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = compute(
                password,
                salt,
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the same work as a real check, so unknown accounts take as long as wrong passwords. */
    public void burn(char[] password) {
        compute(password, new byte[16], MEMORY_KIB, ITERATIONS, PARALLELISM);
    }

    private static byte[] compute(char[] password, byte[] salt, int memory, int iterations, int parallelism) {
        return argon2id(password, salt, memory, iterations, parallelism);
    }

    /**
     * 32 bytes of Argon2id (version 1.3) over the password's UTF-8: the one place the algorithm is
     * set up, for stored password hashes and for keys derived from an operator's passphrase.
     */
    public static byte[] argon2id(char[] password, byte[] salt, int memory, int iterations, int parallelism) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[32];
        byte[] bytes = new String(password).getBytes(StandardCharsets.UTF_8);
        generator.generateBytes(bytes, out);
        return out;
    }
}
