package jp.kakehashi.web.port;

/** The tamper-evident audit trail as security officers read it. */
public interface AuditRecords {
    /** The newest records that match, at most {@code query.limit()}, newest first. */
    AuditPage search(AuditQuery query);
}
