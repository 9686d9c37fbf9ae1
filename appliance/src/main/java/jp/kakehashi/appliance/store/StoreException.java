package jp.kakehashi.appliance.store;

/** A store failed in a way the caller cannot recover from on its own (disk, key, corruption). */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
