package jp.kakehashi.sanitizer;

import static java.util.Objects.requireNonNull;

/**
 * One reason a file did not cross, with a detail for the officer (a signature name, a part
 * name); the detail never contains file contents or passwords.
 */
public record Reason(ReasonCode code, String detail) {
    public Reason {
        requireNonNull(code, "code");
        requireNonNull(detail, "detail");
    }

    public static Reason of(ReasonCode code, String detail) {
        return new Reason(code, detail);
    }
}
