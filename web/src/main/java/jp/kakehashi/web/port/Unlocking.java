package jp.kakehashi.web.port;

import static java.util.Objects.requireNonNull;

/**
 * Opening a file held because it is encrypted (PPAP): its recipient or sender types the password;
 * the opened copy is checked as a new file. The password is used once and never kept.
 */
public interface Unlocking {
    /** Whether the user may try to open this held file now. */
    boolean mayUnlock(User user, String itemId);

    /** Opens the file; the caller wipes the password afterwards. */
    Result unlock(User user, String itemId, char[] password);

    /** What became of an attempt. */
    sealed interface Result {
        /** Opened; {@code itemId} is the new file being checked. */
        record Opened(String itemId) implements Result {
            public Opened {
                requireNonNull(itemId, "itemId");
            }
        }

        record Refused(String code, String ja, String en) implements Result {
            public Refused {
                requireNonNull(code, "code");
                requireNonNull(ja, "ja");
                requireNonNull(en, "en");
            }
        }
    }
}
