package jp.kakehashi.sanitizer;

/** A bug or broken infrastructure inside the sanitizer (not a hostile file: that is a result). */
public final class SanitizerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SanitizerException(String message, Throwable cause) {
        super(message, cause);
    }

    public SanitizerException(String message) {
        super(message);
    }
}
