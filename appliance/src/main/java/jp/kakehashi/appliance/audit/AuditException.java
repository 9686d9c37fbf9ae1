package jp.kakehashi.appliance.audit;

/** The audit log cannot be written or read; the appliance must not go on without it. */
public final class AuditException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditException(String message) {
        super(message);
    }
}
