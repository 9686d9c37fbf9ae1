package jp.kakehashi.sanitizer;

import java.util.Arrays;

/**
 * A password given by a file's recipient or sender to open an encrypted file (PPAP). It is never
 * printed: {@link #toString()} hides it, and {@link #close()} wipes it once the file is open.
 */
public final class Password implements AutoCloseable {
    private final char[] chars;

    public Password(char[] chars) {
        this.chars = chars.clone();
    }

    /** A copy for a library call or the worker pipe; the caller wipes it after use. */
    public char[] chars() {
        return chars.clone();
    }

    public boolean isEmpty() {
        return chars.length == 0;
    }

    @Override
    public void close() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "Password[hidden]";
    }
}
