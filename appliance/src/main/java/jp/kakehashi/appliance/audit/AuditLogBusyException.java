package jp.kakehashi.appliance.audit;

import java.nio.file.Path;

/** Another process (normally the running appliance) holds the audit log; only it may append. */
public final class AuditLogBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditLogBusyException(Path dir) {
        super("the audit log in " + dir + " is held by another process (the running appliance)");
    }
}
