package jp.kakehashi.web.port;

/** The tamper-evident audit trail as security officers read it. */
public interface AuditRecords {
    /** The newest records that match, at most {@code query.limit()}, newest first. */
    AuditPage search(AuditQuery query);

    /** Why {@link AuditQuery#words} cannot be searched (outside the grammar), in both languages. */
    java.util.Optional<Search.Result.Refused> refusal(String words);

    /** Every kind of record, in the order the type filter lists them. */
    java.util.List<AuditKind> kinds();
}
