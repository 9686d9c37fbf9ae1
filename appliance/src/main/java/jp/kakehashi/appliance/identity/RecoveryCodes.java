package jp.kakehashi.appliance.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The shape of recovery codes: ten characters from 31 without look-alikes (0/O, 1/I/L),
 * almost 50 random bits each, written {@code K7Q2M-9XHTP}; typed with or without the dash, in any case.
 * A code is kept as the SHA-256 of the account and the code: with so many random bits there is nothing
 * for a slow hash to protect, and a lost database gives no code away.
 */
final class RecoveryCodes {
    static final int COUNT = 10;
    private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private RecoveryCodes() {}

    static List<String> generate(SecureRandom random) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < 10; j++) {
                if (j == 5) {
                    b.append('-');
                }
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(b.toString());
        }
        return codes;
    }

    /** The code as stored, if {@code typed} has the shape of one (a 6-digit TOTP code never has). */
    static Optional<String> normalise(String typed) {
        String s = typed.strip().replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (s.length() != 10) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(s);
    }

    static String hash(String account, String normalised) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest((account + ":" + normalised).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
